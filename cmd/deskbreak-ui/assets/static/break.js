// The break page: the exercise, the countdown and the buttons, live from the daemon.
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  let v = null;          // the latest view
  let base = null;       // {idx, start}: exercise idx began at start (ms); Next moves it
  let breakKey = "";     // which break base belongs to
  let sawBreak = false;  // a break ran while this page was open
  let last = null;       // that break
  let finished = false;
  let startSent = 0;     // when this page last asked for a break to start (its own clock, ms)
  const R_BREAK = 326.7, R_EX = 251.3;
  // KEY_GRACE is how long after a break starts Enter does not end it: Enter is Start on a
  // due break and Done on a running one, so a double press must not do both.
  const KEY_GRACE = 5000;

  document.addEventListener("deskbreak:view", (e) => {
    v = e.detail;
    if (v.break) {
      sawBreak = true;
      last = v.break;
      const key = v.break.rule + "@" + v.break.start;
      if (key !== breakKey) { breakKey = key; base = { idx: 0, start: v.break.start }; }
    } else if (sawBreak && !finished) {
      finish("Break done after " + length(Math.min(deskbreak.now(), last.end) - last.start));
    }
    render();
  });

  // current returns the exercise shown now and when it ends, or null once the exercises
  // are over (or when the break has none).
  function current(now) {
    const ex = v.exercises || [];
    if (!base) return null;
    let i = base.idx, t = base.start;
    while (i < ex.length && now >= t + ex[i].seconds * 1000) { t += ex[i].seconds * 1000; i++; }
    if (i >= ex.length) return null;
    return { i, ex: ex[i], end: Math.min(t + ex[i].seconds * 1000, v.break.end), next: ex[i + 1] };
  }

  function render() {
    if (finished) return;
    const running = !!v.break, due = !!v.due;
    $("idle").hidden = running || due;
    $("active").hidden = !(running || due);
    $("buttons-due").hidden = !due || running;
    $("buttons-run").hidden = !running;
    $("idle-next").textContent = v.not_running ? "" : (v.next || "");
    $("b-startnow").hidden = !!v.not_running;
    const sel = $("snooze-for");
    const want = (v.snooze_choices || []).map((c) => c.duration).join(",");
    if (sel.dataset.choices !== want) {
      sel.textContent = "";
      for (const c of v.snooze_choices || []) {
        const o = document.createElement("option");
        o.value = c.duration; o.textContent = c.label; sel.append(o);
      }
      sel.dataset.choices = want;
    }
    $("snoozes-left").textContent = due ? (v.snoozes_left === 1 ? "1 snooze left" : v.snoozes_left + " snoozes left") : "";
    $("b-snooze").disabled = sel.disabled = v.snoozes_left <= 0;
    if (due && !running) {
      const ex = (v.exercises || [])[0];
      show(ex, (v.exercises || [])[1]);
      $("ex-count").textContent = "A break (" + v.due.rule + ") is due.";
      $("ex-left").textContent = ex ? deskbreak.clock(ex.seconds * 1000) : "-";
      // The break lasts its rule's duration; the exercises may fill less of it.
      const total = v.due.seconds || (v.exercises || []).reduce((s, e) => s + e.seconds, 0);
      $("break-left").textContent = deskbreak.clock(total * 1000);
      $("ring-text").textContent = deskbreak.clock(total * 1000);
      $("ring-break").setAttribute("stroke-dashoffset", "0");
      $("ring-ex").setAttribute("stroke-dashoffset", "0");
    }
    tick();
  }

  let shownID = "";
  // show shows exercise ex and names the next one; without ex, what to do in the rest of
  // the break (rest).
  function show(ex, next, rest) {
    $("ex-left-line").hidden = !ex;
    if (!ex) {
      if (shownID === "-rest") return;
      shownID = "-rest";
      $("ex-title").textContent = (v.exercises || []).length ? "Exercises done" : "Stand up and move";
      $("ex-steps").textContent = "";
      $("ex-caution").hidden = true;
      $("picture").textContent = "";
      $("ex-next").textContent = rest || "";
      return;
    }
    if (shownID !== ex.id) {
      shownID = ex.id;
      $("ex-title").textContent = ex.title;
      const ol = $("ex-steps"); ol.textContent = "";
      for (const s of ex.steps || []) { const li = document.createElement("li"); li.textContent = s; ol.append(li); }
      $("ex-caution").hidden = !ex.caution;
      $("ex-caution").textContent = ex.caution ? "Caution: " + ex.caution : "";
      const pic = $("picture"); pic.textContent = "";
      if (ex.picture) { const img = new Image(); img.alt = ""; img.src = ex.picture; pic.append(img); }
    }
    $("ex-next").textContent = next ? "Next: " + next.title : "Last exercise of this break.";
  }

  function tick() {
    if (!v || !v.break || finished) return;
    const now = deskbreak.now();
    const b = v.break, total = b.end - b.start, left = b.end - now;
    const c = current(now);
    if (c) {
      show(c.ex, c.next);
      const exLeft = c.end - now;
      $("ex-left").textContent = deskbreak.clock(exLeft);
      $("ex-count").textContent = "Exercise " + (c.i + 1) + " of " + v.exercises.length;
      $("ring-ex").setAttribute("stroke-dashoffset", String(R_EX * (1 - Math.max(0, exLeft) / (c.ex.seconds * 1000))));
      $("b-next").disabled = !c.next;
      $("b-next").hidden = false;
    } else {
      show(null, null, b.rest);
      const n = (v.exercises || []).length;
      $("ex-count").textContent = n ? (n === 1 ? "1 exercise done" : n + " exercises done") : "";
      $("ring-ex").setAttribute("stroke-dashoffset", String(R_EX));
      $("b-next").hidden = true;
    }
    $("break-left").textContent = deskbreak.clock(left);
    $("ring-text").textContent = deskbreak.clock(left);
    $("ring-break").setAttribute("stroke-dashoffset", String(R_BREAK * (1 - Math.max(0, left) / total)));
  }
  setInterval(tick, 250);

  // finish shows that the break is over, with line (the daemon's words when the page ended
  // it) under the heading.
  function finish(line) {
    $("done-line").textContent = line;
    $("msg").textContent = "";
    if (finished) return;
    finished = true;
    $("active").hidden = $("idle").hidden = $("buttons-due").hidden = $("buttons-run").hidden = true;
    $("finished").hidden = false;
    document.title = "Break done - deskbreak";
    setTimeout(() => window.close(), 5000);
  }

  // length says how long ms is as the daemon does: "45 s", "2 min", "1 min 30 s".
  function length(ms) {
    const s = Math.max(0, Math.round(ms / 1000)), m = Math.floor(s / 60);
    if (m === 0) return s + " s";
    return s % 60 ? m + " min " + (s % 60) + " s" : m + " min";
  }

  async function act(action) {
    if (action === "next") {
      const c = current(deskbreak.now());
      if (c && c.next) { base = { idx: c.i + 1, start: deskbreak.now() }; tick(); }
      return;
    }
    if (action === "start" && Date.now() - startSent < KEY_GRACE) return; // asked already; the page has not heard back
    const data = { action };
    if (action === "snooze") data.duration = $("snooze-for").value;
    if (action === "start") startSent = Date.now();
    const running = !!(v && v.break);
    const mine = ++msgSeq;
    const j = await deskbreak.post("/action", data);
    if (j.error && action === "start") startSent = 0;
    if (!j.error && running && (action === "done" || action === "skip")) { finish(j.message || ""); return; }
    if (mine === msgSeq) say(j.error || j.message || "", !!j.error); // else a newer message stands
  }

  // say shows text under the buttons, as an error or not.
  let msgSeq = 0;
  function say(text, error) {
    $("msg").textContent = text;
    $("msg").classList.toggle("error", error);
  }

  // justStarted tells whether a break started (or was asked to) less than KEY_GRACE ago.
  function justStarted() {
    return Date.now() - startSent < KEY_GRACE || (v.break && deskbreak.now() - v.break.start < KEY_GRACE);
  }
  for (const b of document.querySelectorAll("[data-action],[data-local]")) {
    b.addEventListener("click", () => act(b.dataset.action || b.dataset.local));
  }
  document.addEventListener("keydown", (e) => {
    if (!v || e.altKey || e.ctrlKey || e.metaKey || finished) return;
    const t = e.target;
    const typing = t && (t.tagName === "SELECT" || t.tagName === "INPUT" || t.tagName === "TEXTAREA");
    const onButton = t && (t.tagName === "BUTTON" || t.tagName === "A");
    if (typing || (onButton && (e.key === " " || e.key === "Enter"))) return; // the focused control's own key
    let a = "";
    if (v.break) a = { " ": "next", "Enter": "done", "Escape": "skip" }[e.key] || "";
    else if (v.due) a = { " ": "start", "Enter": "start", "Escape": "snooze" }[e.key] || "";
    if (!a) return;
    e.preventDefault();
    if (e.repeat) return; // a held key acts once
    if (a === "done" && justStarted()) {
      msgSeq++;
      say("The break has just started: Enter ends it after " + KEY_GRACE / 1000 + " s; the Done button ends it now.", false);
      return;
    }
    act(a);
  });
})();
