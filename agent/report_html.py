"""album.html: one page a person opens in a browser. Per track: the plan, an
audio player, the spectrogram/defect plot, scores, every take, and the repairs
made and why. Plain HTML + CSS, no scripts, no network."""

from __future__ import annotations

from html import escape

from agent.plans import AlbumPlan, TrackPlan
from agent.records import AlbumResult, TrackOutcome
from quality.report import StructureReport
from tools.take_id import track_key

CSS = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222;background:#fafafa}
h1{margin-bottom:.2rem}.sub{color:#666;margin-top:0}
section.track{background:#fff;border:1px solid #ddd;border-radius:8px;padding:1rem 1.5rem;margin:1.5rem 0}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left}
th{background:#f0f0f0}.score{font-size:1.6rem;font-weight:bold}.good{color:#1a7f37}.mid{color:#9a6700}.bad{color:#cf222e}
img.plot{width:100%;border:1px solid #eee}pre{background:#f6f8fa;padding:.5rem;white-space:pre-wrap;font-size:.85rem}
audio{width:100%}.note{color:#666;font-size:.9rem}
"""


def _score_class(score: float | None) -> str:
    if score is None:
        return "bad"
    return "good" if score >= 8 else ("mid" if score >= 6 else "bad")


def _structure_html(st: StructureReport | None) -> str:
    """The chosen take's sections against the plan: which planned changes were not heard."""
    if st is None or not st.boundaries:
        return ""
    off = [b for b in st.boundaries if b.status in ("missing", "shifted", "weak")]
    wrong = [s for s in st.sections if not s.order_ok]
    if not off and not wrong:
        return f"<tr><th>sections heard</th><td>all {len(st.boundaries)} planned changes heard where planned</td></tr>"
    items = [f"{escape(b.before)} &rarr; {escape(b.after)} at {b.planned_s:.1f} s: <b>{escape(b.status)}</b>"
             + (f" (heard at {b.found_s:.1f} s)" if b.status == "shifted" and b.found_s is not None else "")
             + f" (evidence {b.evidence:.2f})" for b in off]
    items += [f"the {escape(s.type)} at {s.start_s:.1f}-{s.end_s:.1f} s sounds like a {escape(s.sounds_like or '?')}" for s in wrong]
    return f"<tr><th>sections heard</th><td class=\"bad\">{'<br>'.join(items)}</td></tr>"


def _track_html(t: TrackPlan, outcome: TrackOutcome, result: AlbumResult, plot: str | None,
                structure: StructureReport | None = None) -> str:
    e = escape
    takes = [k for k in result.takes if k.track == t.index]
    repairs = [r for r in result.repairs if r.proposal.track == t.index]
    rows = "".join(
        f"<tr><td>{e(k.take_id)}{' (chosen)' if k.take_id == outcome.take_id else ''}</td><td>{e(k.kind)}"
        f"{(' ' + e(k.route)) if k.route else ''}</td><td>{k.overall:.2f}</td>"
        f"<td>{e(k.defect_text)}</td></tr>" for k in sorted(takes, key=lambda k: k.take_id))
    rep_rows = "".join(
        f"<tr><td>{e(r.proposal.proposal_id)}</td><td>{e(r.proposal.route)}</td><td>{e(r.proposal.reason)}</td>"
        f"<td>{e(r.decision)} ({e(r.who)})</td>"
        f"<td>{'' if r.before is None else f'{r.before:.2f}'} &rarr; {'' if r.after is None else f'{r.after:.2f}'}</td>"
        f"<td>{e(r.verdict) if r.verdict and not r.error else ('kept' if r.accepted else ('failed: ' + e(r.error) if r.error else 'not better, discarded'))}</td></tr>"
        for r in repairs)
    events = ", ".join(f"{e(ev.type)} {ev.start:.0f}-{ev.end:.0f}s" for ev in t.events)
    player = (f'<audio controls preload="none" src="{e(outcome.mastered)}"></audio>' if outcome.mastered
              else '<p class="bad">no audio</p>')
    return f"""<section class="track" id="{track_key(t.index)}">
<h2>{t.index:02d}. {e(t.title)}</h2>
<p><span class="score {_score_class(outcome.score)}">{'' if outcome.score is None else f'{outcome.score:.1f}'}</span>
/ 10 &nbsp; <span class="note">{e(outcome.note)}{'' if outcome.lufs is None else f', {outcome.lufs:.1f} LUFS'}
{'' if outcome.true_peak_dbtp is None else f', {outcome.true_peak_dbtp:.1f} dBTP'}</span></p>
{player}
<table><tr><th>caption</th><td>{e(t.caption)}</td></tr>
<tr><th>tempo / key / meter</th><td>{t.bpm} bpm, {e(t.keyscale)}, {e(t.timesignature)}</td></tr>
<tr><th>duration</th><td>{t.duration:.0f} s, {'vocal (' + e(t.vocal_language) + ')' if t.vocal else 'instrumental'}</td></tr>
<tr><th>sections</th><td>{events}</td></tr>{_structure_html(structure)}</table>
{f'<details><summary>lyrics</summary><pre>{e(t.lyrics)}</pre></details>' if t.vocal else ''}
{f'<img class="plot" alt="waveform, spectrogram, loudness and defects of the chosen take" src="{e(plot)}">' if plot else ''}
<h3>Takes</h3><table><tr><th>take</th><th>kind</th><th>score</th><th>defects</th></tr>{rows}</table>
<h3>Repairs</h3>{f'<table><tr><th>id</th><th>route</th><th>why</th><th>decision</th><th>score</th><th>result</th></tr>{rep_rows}</table>' if repairs else '<p class="note">none needed or possible</p>'}
</section>"""


def _reading_html(plan: AlbumPlan) -> str:
    """What was read from the brief (with its words) and what the planner assumed, and why."""
    e = escape
    read = "".join(f"<tr><td>{e(w)}</td><td>{e(v)}</td><td>&lsquo;{e(s)}&rsquo;</td></tr>"
                   for w, v, s in (plan.constraints.summary() if plan.constraints else []))
    assumed = "".join(f"<tr><td>{e(a.field)}</td><td>{e(a.value)}</td><td>{e(a.why)}</td></tr>"
                      for a in plan.assumptions)
    out = f"<h3>Read from the brief</h3><table><tr><th>what</th><th>value</th><th>words</th></tr>{read}</table>" \
        if read else ""
    if assumed:
        out += f"<h3>Assumed</h3><table><tr><th>what</th><th>value</th><th>why</th></tr>{assumed}</table>"
    return out


def render_album(plan: AlbumPlan, result: AlbumResult, plots: dict[int, str],
                 structures: dict[int, StructureReport | None] | None = None) -> str:
    e = escape
    outcomes = {o.track: o for o in result.tracks}
    toc = "".join(f'<li><a href="#{track_key(t.index)}">{t.index:02d}. {e(t.title)}</a> '
                  f'({"" if outcomes[t.index].score is None else f"{outcomes[t.index].score:.1f}"})</li>'
                  for t in plan.tracks)
    notes = "".join(f"<li>{e(n)}</li>" for n in result.notes if not n.startswith("assumed "))
    body = "".join(_track_html(t, outcomes[t.index], result, plots.get(t.index), (structures or {}).get(t.index))
                   for t in plan.tracks)
    spread = "" if result.loudness_spread_lu is None else f", spread {result.loudness_spread_lu:.2f} LU"
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(result.title)}</title>
<style>{CSS}</style></head><body>
<h1>{e(result.title)}</h1>
<p class="sub">run {e(result.run_id)} &middot; engine {e(result.engine)} &middot; planner {e(result.planner)}
&middot; mastered to {result.target_lufs:.1f} LUFS{spread}</p>
<p>{e(plan.brief.text)}</p><ol>{toc}</ol>
{_reading_html(plan)}
{f'<h3>Notes</h3><ul>{notes}</ul>' if notes else ''}
{body}</body></html>"""
