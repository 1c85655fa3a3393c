"""The studio page, rendered on the server: the plan (editable before a run
starts), the pending question, and per track every take with its player,
timeline (planned sections, defect ranges, playhead), score, defects and
picture, with an A/B switch. Every field from a plan, a take or a run is
escaped; nothing is loaded from outside the studio."""

from __future__ import annotations

from html import escape as e

from agent.people.show import describe_pipeline
from agent.session import ProducerSession
from agent.session.takes import status, tracks
from agent.session.views import QuestionView, TakeView, TrackView


def _pct(t: float, total: float) -> float:
    return max(0.0, min(100.0, 100.0 * t / total)) if total > 0 else 0.0


def _timeline(take: TakeView, sections: list, total: float) -> str:
    secs = "".join(f'<span class="sec" style="left:{_pct(s.start, total):.2f}%;width:'
                   f'{_pct(s.end - s.start, total):.2f}%" title="{e(s.type)} {s.start:.1f}-{s.end:.1f} s">'
                   f'{e(s.type)}</span>' for s in sections)
    defects = "".join(f'<span class="def" style="left:{_pct(d.start, total):.2f}%;width:'
                      f'{max(0.4, _pct(d.end - d.start, total)):.2f}%;opacity:{0.35 + 0.65 * min(1.0, d.severity):.2f}"'
                      f' title="{e(d.kind)} {d.start:.2f}-{d.end:.2f} s, severity {d.severity:.2f}'
                      f'{" (" + e(d.stem) + ")" if d.stem else ""}"></span>' for d in take.ranges)
    return (f'<div class="timeline" data-duration="{total:.3f}" data-take="{e(take.take_id)}">{secs}{defects}'
            f'<span class="head"></span></div>')


def _take_row(take: TakeView, track: TrackView) -> str:
    total = take.duration or track.duration
    defects = "; ".join(take.defects) or "none"
    flags = " ".join(x for x in ("best" if take.best else "", e(take.note)) if x)
    return f"""<div class="take" id="take-{e(take.take_id)}" data-take="{e(take.take_id)}">
<div class="meta"><b>{e(take.take_id)}</b> <span class="rank">#{take.rank}</span>
<span class="score">{take.overall:.1f}</span> <span class="flags">{flags}</span>
<label><input type="radio" name="a-{track.index}" value="{e(take.take_id)}"{' checked' if take.rank == 1 else ''}> A</label>
<label><input type="radio" name="b-{track.index}" value="{e(take.take_id)}"{' checked' if take.rank == 2 else ''}> B</label></div>
<audio controls preload="metadata" data-take="{e(take.take_id)}" data-track="{track.index}"
 src="/file/{e(take.audio)}"></audio>
{_timeline(take, track.sections, total)}
<div class="defects">defects: {e(defects)}</div>
<details><summary>spectrogram and defects</summary><img loading="lazy" alt="waveform, spectrogram, loudness and
 defect ranges of {e(take.take_id)}" data-src="/plot/{e(take.take_id)}.png"></details>
</div>"""


def _track(track: TrackView) -> str:
    takes = "".join(_take_row(t, track) for t in track.takes) or '<p class="note">no takes yet</p>'
    ab = (f'<button class="ab" data-track="{track.index}" title="switch between A and B at the same position">'
          f'A &#8644; B</button> <span class="abnow" id="abnow-{track.index}"></span>' if len(track.takes) > 1 else "")
    return f"""<section class="track" id="track-{track.index}" data-track="{track.index}">
<h2>{track.index:02d}. {e(track.title)}</h2>
<p class="note">{track.bpm} bpm, {e(track.keyscale)}, {track.duration:.0f} s &middot; {e(track.caption)}</p>
<div class="abbar">{ab}</div>{takes}</section>"""


def _question(q: QuestionView | None) -> str:
    if q is None:
        return ""
    qid = e(q.id)
    if q.kind == "pick_take":
        rows = "".join(
            f'<li><button class="pick" data-q="{qid}" data-take="{e(t["take_id"])}">keep {e(t["take_id"])}</button> '
            f'#{int(t["rank"])} score {float(t["overall"]):.1f} &middot; {e("; ".join(t.get("defects") or []) or "no defects")}'
            f'{(" &middot; " + e(t["note"])) if t.get("note") else ""}</li>' for t in q.takes)
        return (f'<div class="question" data-q="{qid}" data-kind="pick"><h2>Track {q.track} "{e(q.title)}": '
                f'which take do you keep?</h2><p class="note">listen below (A/B at the same position), then keep '
                f'one; your choice is stored as human preference pairs.</p><ul>{rows}</ul></div>')
    cards = []
    for p in q.proposals:
        done = q.decided.get(p.proposal_id)
        score = q.scores.get(p.from_take)
        cards.append(f"""<div class="proposal" data-proposal="{e(p.proposal_id)}">
<h3>repair {e(p.proposal_id)} for track {p.track}: take {e(p.from_take)}{f' (score {score:.1f})' if score is not None else ''}</h3>
<dl><dt>defect</dt><dd>{e(', '.join(p.defect_kinds) or '-')}</dd><dt>evidence</dt><dd>{e(p.evidence or '-')}</dd>
<dt>why</dt><dd>{e(p.reason or '-')}</dd><dt>pipeline</dt><dd>{e(p.route)}: {e(describe_pipeline(p.pipeline))}</dd>
<dt>expect</dt><dd>{e(p.expected or '-')}</dd></dl>
{f'<p class="done">you said: {e(done)}</p>' if done else f'''<button class="decide" data-q="{qid}" data-proposal="{e(p.proposal_id)}" data-decision="approve">approve</button>
<button class="decide" data-q="{qid}" data-proposal="{e(p.proposal_id)}" data-decision="reject">reject</button>
<input class="edit" placeholder="start=12.5 end=16 or strength=0.9" aria-label="edit of {e(p.proposal_id)}">
<button class="decide" data-q="{qid}" data-proposal="{e(p.proposal_id)}" data-decision="edit">edit</button>'''}
</div>""")
    return (f'<div class="question" data-q="{qid}" data-kind="repair"><h2>Repairs waiting for you</h2>'
            f'{"".join(cards)}</div>')


def _plan(session: ProducerSession) -> str:
    plan = session.plan
    if session.run is None and plan is None:
        return ('<form id="brief"><h2>Brief</h2><textarea name="brief" rows="3" cols="80" placeholder="a 90 bpm lofi '
                'hip hop track with dusty piano, 2 minutes"></textarea><br><button>plan</button></form>')
    if session.run is not None:
        return ""
    rows = "".join(f"<tr><td>{t.index}</td><td>{e(t.title)}</td><td>{t.bpm}</td><td>{e(t.keyscale)}</td>"
                   f"<td>{e(t.timesignature)}</td><td>{t.duration:.0f} s</td><td>"
                   f"{e(', '.join(f'{ev.type} {ev.start:.0f}-{ev.end:.0f}' for ev in t.events))}</td>"
                   f"<td>{e(t.caption)}</td></tr>" for t in plan.tracks)
    notes = "".join(f"<li>{e(n)}</li>" for n in plan.notes)
    return f"""<section id="plan"><h2>Plan: {e(plan.title)}</h2>
<table><tr><th>#</th><th>title</th><th>bpm</th><th>key</th><th>meter</th><th>length</th><th>sections</th>
<th>caption</th></tr>{rows}</table>{f'<ul class="note">{notes}</ul>' if notes else ''}
<p>{plan.candidates} takes per track, mode {e(session.autonomy)}</p>
<form id="edit"><input name="text" size="60" placeholder='bpm=92 duration=30 | 2 key="F minor" | candidates=3'>
<button>edit</button></form>
<form id="generate"><select name="mode">{''.join(f'<option{" selected" if m == session.autonomy else ""}>{m}</option>'
                                              for m in ("supervised", "collaborative", "autonomous"))}</select>
<button>generate</button></form></section>"""


def _body(session: ProducerSession) -> str:
    head = ""
    if session.run is not None:
        st = status(session)
        err = f'<p class="err">stopped: {e(st.error)} (Resume continues from the last checkpoint)</p>' if st.error else ""
        resume = '<button id="resume">resume</button>' if st.state == "stopped" else ""
        head = (f'<p class="sub">run <b>{e(st.run_id)}</b> &middot; {e(st.autonomy)} &middot; '
                f'<span id="state" class="state {e(st.state)}">{e(st.state)}</span> &middot; {st.takes} takes '
                f'{resume}</p>{err}<div id="question">{_question(st.question)}</div>')
        if st.state == "finished":
            head += '<p><a href="/file/album.html" target="_blank">album.html</a> (the finished report)</p>'
    body = "".join(_track(t) for t in tracks(session)) if session.run is not None else ""
    return f'{head}{_plan(session)}<div id="tracks">{body}</div>'


def render_page(session: ProducerSession, *, body_only: bool = False) -> str:
    inner = _body(session)
    if body_only:
        return inner
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>aceprod studio</title>
<link rel="stylesheet" href="/static/studio.css"></head><body>
<header><h1>aceprod studio</h1><div id="error" role="alert"></div></header>
<main id="main">{inner}</main>
<section id="logbox"><h3>progress</h3><ol id="log"></ol></section>
<script src="/static/studio.js"></script></body></html>"""
