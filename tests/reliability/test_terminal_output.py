"""Item 2: data is never read as Rich markup, and terminal escape sequences in data
never reach the terminal."""

from __future__ import annotations

import io

import pytest
from catalog_testkit import write_take
from reliab_kit import aceprod, assert_clean_exit

from agent.terminal import SafeConsole, clean, esc
from catalog.store import Catalog

HOSTILE = "[/] Nights [bold]\x1b]0;pwned\x07\x1b[31mred\x1b[0m \x9b2J[link=file:///etc]x[/link] \u202egnp.exe"


def test_clean_and_esc():
    assert clean(HOSTILE) == "[/] Nights [bold]red [link=file:///etc]x[/link] gnp.exe"
    assert clean("tab\tnew\nline") == "tab\tnew\nline"
    console = SafeConsole(file=io.StringIO(), width=200)
    console.print(f"[green]ok[/] {esc(HOSTILE)}")
    assert console.file.getvalue().strip() == "ok " + clean(HOSTILE)


def test_broken_markup_prints_as_text_instead_of_failing():
    console = SafeConsole(file=io.StringIO(), width=200)
    console.print("a [/] b [bold]c")  # a call site that forgot esc(): no MarkupError
    assert "a [/] b" in console.file.getvalue()


@pytest.mark.parametrize("caption", ["[/]", "[bold]x[/bold] [/red]", "\x1b[2J\x1b]52;c;Y2xpcA==\x07wipe"])
def test_catalog_ls_and_show_with_hostile_captions(tmp_path, cat_path, caption):
    takes = tmp_path / "cat" / "takes"
    write_take(takes, "gen.b0", caption=caption)
    write_take(takes, "gen.b1", seed=2, caption="plain jazz")
    with Catalog.open(cat_path) as cat:
        cat.ingest(takes)
        gen_id = cat.ls()[0].gen_id
    r = aceprod("catalog", "ls", "--catalog", cat_path)
    assert_clean_exit(r)
    assert r.code == 0 and "2 take(s)" in r.out
    assert clean(caption)[:3] in r.out
    r = aceprod("catalog", "show", gen_id, "--catalog", cat_path)
    assert r.code == 0
    assert_clean_exit(r)


def test_plan_with_a_markup_title(tmp_path):
    brief = tmp_path / "b.yaml"
    brief.write_text('brief: "jazz, 1 track, instrumental"\ntitle: "[/] Nights"\ntrack_duration: 30\n'
                     'tracks:\n  - {title: "[/] Nights \\u001b[31m", caption: "[bold]warm[/] jazz"}\n')
    r = aceprod("plan", brief, "--llm", "none")
    assert_clean_exit(r)
    assert r.code == 0 and "[/] Nights" in r.out


def test_an_error_naming_a_bracketed_file_keeps_its_message(tmp_path):
    missing = tmp_path / "take [final] [/].flac"
    r = aceprod("score", missing)
    assert_clean_exit(r)
    assert r.code == 2 and "take [final] [/].flac" in r.err and "not found" in r.err


def test_repl_survives_markup_and_escapes(tmp_path):
    from agent.repl.loop import run_line
    from agent.repl.session import Session

    console = SafeConsole(file=io.StringIO(), width=200)
    s = Session(console=console, reader=None, llm_spec="none", out=tmp_path / "out", catalog=None)  # type: ignore[arg-type]
    for line in ("[/]", "edit [/]=1", "a jazz ballad called [/] Nights \x1b]0;x\x07, 1 track, 30 seconds",
                 "edit title=[/]x", "help mode", "pick [/]",
                 "export bpm='"):  # found by fuzzing: an unclosed quote ended in "unexpected error"
        assert run_line(s, line) is True
    text = console.file.getvalue()
    assert "unexpected error" not in text and "\x1b" not in text
    assert "[autonomous|supervised|collaborative]" in text  # usage text is shown, not eaten as markup


@pytest.mark.parametrize("args", [("plan", "jazz " + "\U0001d4d0" * 80 + " jazz", "--llm", "none"),
                                  ("score", "x" * 300 + ".flac"), ("validate", "y" * 300 + ".yaml")])
def test_names_too_long_for_the_file_system_are_clear_errors(args):
    """Found by fuzzing: a brief (or path) too long to be a file name crashed the file check."""
    r = aceprod(*args)
    assert_clean_exit(r)
