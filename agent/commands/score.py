"""`aceprod score`: listen to takes and report what is wrong (quality/ does the work).

    aceprod score song.flac                        # table: score, metrics, defects, repairs
    aceprod score song.flac --json                 # QualityReport JSON (a list for several files)
    aceprod score song.flac --events plan.json --plot report.png
    aceprod score a.flac b.flac c.flac --rank      # best first
    aceprod score song.flac --stems dsp            # separate, then per-stem analysis
    aceprod score take.flac --save                 # also write take.quality.json beside it

A TakeSidecar JSON beside a file (``take.flac`` -> ``take.json``) supplies the
engine's stems (``--stems engine``, the default when it lists stems), the planned
events and the planned duration.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from agent.commands._common import console, print_json
from agent.terminal import esc
from agent.workers.options import RayOpt

if TYPE_CHECKING:
    from quality.report import QualityReport



def load_events(path: Path) -> list[dict[str, Any]]:
    """Events from a JSON file: a list of {type, start, end}, or an object with an
    ``events`` key (a plan), or a TakeSidecar (``request.events``)."""
    from engine.errors import ConfigError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"events file not found: {path} (fix: check the path)") from exc
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read events from {path}: {exc} (fix: give a JSON list of {{type, start, end}})") from exc
    if isinstance(data, dict):
        if isinstance(data.get("events"), list):
            data = data["events"]
        elif isinstance(data.get("request"), dict) and isinstance(data["request"].get("events"), list):
            data = data["request"]["events"]
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise ConfigError(f"{path} holds no events (fix: a JSON list of {{type, start, end}} or an object with an 'events' list)")
    return data


def _print_report(rep: QualityReport) -> None:
    from rich.table import Table

    m = rep.metrics
    head = Table(title=f"{esc(rep.path)}  —  overall {rep.overall:.1f}/10", show_header=False, title_justify="left")
    head.add_column("metric")
    head.add_column("value")
    rows = [
        ("duration", f"{m.duration_s:.1f} s"),
        ("loudness", f"{m.integrated_lufs} LUFS integrated, LRA {m.loudness_range_lu} LU, short-term max {m.short_term_lufs_max}"),
        ("peaks", f"true peak {m.true_peak_dbtp} dBTP, sample peak {m.sample_peak_dbfs} dBFS, crest {m.crest_factor_db} dB"),
        ("stereo", f"correlation {m.stereo_correlation}, side/mid {m.side_mid_ratio_db} dB, mono loss {m.mono_compat_loss_db} dB"),
        ("bands (dB of total)", ", ".join(f"{k} {v:.1f}" for k, v in m.band_energy_db.items())),
        ("timbre", f"centroid {m.spectral_centroid_hz} Hz, flatness {m.spectral_flatness}"),
        ("rhythm", f"{m.tempo_bpm} bpm, stability {m.beat_stability}, onsets {m.onset_density_per_s}/s"),
        ("key", f"{m.key} (confidence {m.key_confidence})"),
    ]
    if rep.structure and rep.structure.score is not None:
        s = rep.structure
        rows.append(("structure", f"score {s.score}/10, planned changes heard {s.boundary_hit_rate}, lengths {s.section_length_agreement}, "
                     f"order {s.section_order_agreement} (blind detector F@3s {s.f_measure_3s})"))
        rows += [(f"  boundary {b.planned_s:.1f} s", f"{b.before} -> {b.after}: {b.status}, evidence {b.evidence}"
                  + (f", heard at {b.found_s:.1f} s" if b.status == "shifted" else "")) for b in s.boundaries if b.status != "hit"]
    for r in rows:
        head.add_row(*r)
    console.print(head)
    if rep.stems:
        st = Table("stem", "source", "score", "LUFS", "defects", title="stems", title_justify="left")
        for s in rep.stems:
            st.add_row(esc(s.name), esc(s.source), f"{s.score:.1f}", str(s.metrics.integrated_lufs), ", ".join(sorted({d.kind.value for d in s.defects})) or "-")
        console.print(st)
    defects = rep.all_defects
    if defects:
        dt = Table("kind", "stem", "from", "to", "severity", "evidence", title="defects", title_justify="left")
        for d in sorted(defects, key=lambda d: -d.severity)[:40]:
            colour = "red" if d.severity >= 0.5 else "yellow" if d.severity >= 0.25 else "dim"
            ev = ", ".join(f"{k}={v}" for k, v in list(d.evidence.items())[:4])
            dt.add_row(f"[{colour}]{d.kind.value}[/]", esc(d.stem or ""), f"{d.start_s:.2f}", f"{d.end_s:.2f}", f"{d.severity:.2f}", esc(ev))
        console.print(dt)
    else:
        console.print("[green]no defects found[/]")
    for r in rep.suggested_repairs:
        where = f" {r.start_s:.1f}-{r.end_s:.1f} s" if r.start_s is not None and r.end_s is not None else ""
        console.print(f"  suggest [bold]{r.route}[/]{where}{' (' + esc(r.stem) + ')' if r.stem else ''}: {esc(r.reason)}")


def register(app: typer.Typer) -> None:
    @app.command("score")
    def score(
        files: Annotated[list[Path], typer.Argument(help="Audio files (WAV, FLAC, OGG, MP3).")],
        json_out: Annotated[bool, typer.Option("--json", help="Print QualityReport JSON (a list when several files).")] = False,
        events: Annotated[Path | None, typer.Option("--events", help="Planned sections: JSON list of {type,start,end}, a plan or a sidecar.")] = None,
        plot: Annotated[Path | None, typer.Option("--plot", help="Write a PNG (with several files: NAME-<file>.png).")] = None,
        rank: Annotated[bool, typer.Option("--rank", help="Order takes by overall score, best first.")] = False,
        stems: Annotated[str | None, typer.Option("--stems", help="engine (sidecar stems, default when present) | dsp | spleeter | demucs | none.")] = None,
        save: Annotated[bool, typer.Option("--save", help="Write <take>.quality.json beside each file (atomically).")] = False,
        ray: RayOpt = None,
    ) -> None:
        """Score takes: metrics, defects with time ranges, structure vs plan, suggested repairs."""
        from engine.audio import read_ahead, write_text_atomic
        from engine.errors import ConfigError
        from tools.take_store import STEM_MODES, report_path_for, score_file

        if stems is not None and stems not in STEM_MODES:
            raise ConfigError(f"--stems {stems!r} is not one of {', '.join(STEM_MODES)} (fix: pick one)")
        evs = load_events(events) if events else None
        reports = []
        remote = None
        if ray is not None:  # every file scored in parallel on Ray workers, reports back here
            from agent.workers.batch import score_on_ray

            remote = score_on_ray(ray, [Path(f) for f in files], stems_mode=stems, events=evs)
        for n, f in enumerate(files):
            if remote is not None:
                from engine.audio import read_audio

                rep, y = remote[n], (read_audio(f) if plot else None)
            else:
                if n + 1 < len(files):  # the next file decodes while this one is analysed
                    read_ahead(files[n + 1])
                rep, y = score_file(Path(f), stems_mode=stems, events=evs)
            if save:
                write_text_atomic(report_path_for(Path(f)), rep.model_dump_json(indent=2) + "\n")
            if plot:
                from quality.plot import plot_report

                out = plot if len(files) == 1 else plot.with_name(f"{plot.stem}-{Path(f).stem}{plot.suffix or '.png'}")
                plot_report(y, rep, out)
                if not json_out:
                    console.print(f"plot: {esc(out)}")
            reports.append(rep)
            del y
            if not json_out and not rank:
                _print_report(rep)
        if rank:
            reports.sort(key=lambda r: -r.overall)
        if json_out:
            return print_json(reports[0] if len(reports) == 1 and not rank else reports)
        if rank:
            from rich.table import Table

            t = Table("rank", "file", "overall", "LUFS", "TP dBTP", "defects (severity >= 0.25)", "top repair",
                      title="takes ranked by overall score")
            for n, r in enumerate(reports, 1):
                ds = sorted({d.kind.value for d in r.defects if d.severity >= 0.25})
                top = r.suggested_repairs[0].route if r.suggested_repairs else "-"
                t.add_row(str(n), esc(r.path), f"{r.overall:.2f}", str(r.metrics.integrated_lufs), str(r.metrics.true_peak_dbtp), ", ".join(ds) or "-", top)
            console.print(t)
