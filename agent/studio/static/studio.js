// aceprod studio: players, A/B at the same position, answers, live progress (server-sent events).
"use strict";
(function () {
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const lastPlayed = {};  // track -> audio element last played

  function showError(text) { $("#error").textContent = text || ""; }

  async function post(url, data) {
    const r = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"},
                                body: JSON.stringify(data || {}), credentials: "same-origin"});
    let body = {};
    try { body = await r.json(); } catch (e) { body = {}; }
    if (!r.ok) { showError(body.error || ("error " + r.status)); throw new Error(body.error || r.status); }
    showError("");
    return body;
  }

  function playing() { return $$("audio").some(a => !a.paused); }

  function wire(root) {
    $$("audio", root).forEach(a => {
      a.addEventListener("play", () => {
        $$("audio").forEach(o => { if (o !== a && !o.paused) o.pause(); });
        lastPlayed[a.dataset.track] = a;
        $$(".take").forEach(t => t.classList.toggle("playing", t.dataset.take === a.dataset.take));
        const now = $("#abnow-" + a.dataset.track);
        if (now) now.textContent = "playing " + a.dataset.take;
      });
      a.addEventListener("timeupdate", () => {
        const tl = $('.timeline[data-take="' + a.dataset.take + '"]');
        const d = parseFloat(tl && tl.dataset.duration) || a.duration || 1;
        if (tl) $(".head", tl).style.left = Math.min(100, 100 * a.currentTime / d) + "%";
      });
    });
    $$(".timeline", root).forEach(tl => tl.addEventListener("click", ev => {
      const a = $('audio[data-take="' + tl.dataset.take + '"]');
      const box = tl.getBoundingClientRect();
      a.currentTime = (ev.clientX - box.left) / box.width * parseFloat(tl.dataset.duration);
      a.play();
    }));
    $$("details", root).forEach(d => d.addEventListener("toggle", () => {
      const img = $("img", d);
      if (d.open && img && !img.src) img.src = img.dataset.src;
    }));
    $$(".ab", root).forEach(b => b.addEventListener("click", () => abSwitch(b.dataset.track)));
    $$(".pick", root).forEach(b => b.addEventListener("click", async () => {
      $$(".pick").forEach(x => x.disabled = true);
      try { await post("/api/answer", {kind: "pick", question_id: b.dataset.q, take_id: b.dataset.take});
            note("you kept " + b.dataset.take + "; the run goes on"); }
      catch (e) { $$(".pick").forEach(x => x.disabled = false); }
    }));
    $$(".decide", root).forEach(b => b.addEventListener("click", async () => {
      const card = b.closest(".proposal");
      const edit = $(".edit", card) ? $(".edit", card).value : "";
      $$("button", card).forEach(x => x.disabled = true);
      try { await post("/api/answer", {kind: "repair", question_id: b.dataset.q, proposal_id: b.dataset.proposal,
                                       decision: b.dataset.decision, edit: edit});
            note(b.dataset.proposal + ": " + b.dataset.decision); refresh(true); }
      catch (e) { $$("button", card).forEach(x => x.disabled = false); }
    }));
    const brief = $("#brief", root), edit = $("#edit", root), gen = $("#generate", root), resume = $("#resume", root);
    if (brief) brief.addEventListener("submit", async ev => { ev.preventDefault();
      try { await post("/api/plan", {brief: brief.brief.value}); refresh(true); } catch (e) {} });
    if (edit) edit.addEventListener("submit", async ev => { ev.preventDefault();
      try { const r = await post("/api/plan/edit", {text: edit.text.value}); note("changed: " + r.changed.join("; "));
            refresh(true); } catch (e) {} });
    if (gen) gen.addEventListener("submit", async ev => { ev.preventDefault();
      try { const r = await post("/api/generate", {mode: gen.mode.value}); note("run " + r.run_id); refresh(true); }
      catch (e) {} });
    if (resume) resume.addEventListener("click", async () => {
      try { await post("/api/resume", {}); refresh(true); } catch (e) {} });
  }

  // A/B: pause whichever of A and B is playing (or was last played) and play the other from the same position.
  function abSwitch(track) {
    const a = $('input[name="a-' + track + '"]:checked'), b = $('input[name="b-' + track + '"]:checked');
    if (!a || !b) return;
    const pa = $('audio[data-take="' + a.value + '"]'), pb = $('audio[data-take="' + b.value + '"]');
    const from = lastPlayed[track] === pb ? pb : pa, to = from === pa ? pb : pa;
    const pos = from.currentTime, wasPlaying = !from.paused || !lastPlayed[track];
    from.pause();
    to.currentTime = pos;
    lastPlayed[track] = to;
    if (wasPlaying) to.play();
  }

  function note(text) {
    const li = document.createElement("li");
    li.textContent = text;
    $("#log").appendChild(li);
    li.scrollIntoView({block: "nearest"});
  }

  let pending = false;
  async function refresh(force) {
    if (playing() && !force) { pending = true; return; }
    pending = false;
    const r = await fetch("/partial", {credentials: "same-origin"});
    if (!r.ok) return;
    const html = await r.text();
    if (playing()) {  // keep the players: only the question and the status change
      const tmp = document.createElement("div");
      tmp.innerHTML = html;
      ["#question", "#state"].forEach(sel => { const n = $(sel, tmp), o = $(sel); if (n && o) o.replaceWith(n); });
      wire($("#question"));
      pending = true;
      return;
    }
    $("#main").innerHTML = html;
    wire($("#main"));
  }
  document.addEventListener("pause", () => { if (pending && !playing()) refresh(false); }, true);

  const SHOWN = {take_done: d => d.take + ": score " + Number(d.overall).toFixed(1),
    take_started: d => d.take + ": generating", repair_started: d => d.proposal + ": " + d.route + " ...",
    repair_done: d => d.proposal + ": " + Number(d.before).toFixed(1) + " -> " + Number(d.after).toFixed(1),
    waiting: d => "waiting for you", finished: d => "finished", stopped: d => "stopped: " + d.error,
    message: d => d.text, running: d => "running", mastered: d => "mastered"};
  const REFRESH = new Set(["waiting", "finished", "stopped", "take_done", "repair_done", "running"]);
  const source = new EventSource("/events");
  Object.keys(SHOWN).forEach(name => source.addEventListener(name, ev => {
    const d = JSON.parse(ev.data);
    note(SHOWN[name](d));
    if (REFRESH.has(name)) refresh(name === "waiting" && !playing());
  }));
  wire(document);
  window.aceprodStudio = {abSwitch: abSwitch, refresh: refresh};
})();
