// deskbreak web UI: the live connection every page keeps, and the helpers the pages share.
// The server streams the daemon's state as server-sent events; each page listens for the
// "deskbreak:view" event on document.
"use strict";
const deskbreak = (() => {
  const csrf = document.querySelector('meta[name="csrf"]').content;
  let offset = 0; // server clock minus this page's clock, in ms
  async function post(url, data) {
    const body = new URLSearchParams(data || {});
    const r = await fetch(url, { method: "POST", body, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" });
    let j = {};
    try { j = await r.json(); } catch (e) { j = { error: r.status + " " + r.statusText }; }
    if (!r.ok && !j.error) j.error = r.status + " " + r.statusText;
    return j;
  }
  function now() { return Date.now() + offset; }
  function start() {
    const es = new EventSource("/events");
    es.onmessage = (e) => {
      const v = JSON.parse(e.data);
      if (v.now) offset = v.now - Date.now();
      document.getElementById("daemon-line").textContent = v.line || "";
      document.getElementById("not-running").hidden = !v.not_running;
      document.dispatchEvent(new CustomEvent("deskbreak:view", { detail: v }));
    };
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) document.getElementById("daemon-line").textContent = "The UI stopped; run \"deskbreak ui\" again.";
    };
    const b = document.getElementById("start-daemon");
    b.addEventListener("click", async () => {
      const msg = document.getElementById("start-daemon-msg");
      msg.textContent = "Starting...";
      const j = await post("/start-daemon");
      msg.textContent = j.error || "Started.";
    });
  }
  function clock(ms) {
    const s = Math.max(0, Math.ceil(ms / 1000));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  document.addEventListener("DOMContentLoaded", start);
  return { post, now, clock, csrf };
})();
