"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const events = readJSON("events-data") || [];
  const panel = document.getElementById("event-details");
  const rows = document.querySelectorAll("#article-events tr[data-event]");

  function show(i) {
    const ev = events[i];
    if (!ev) return;
    document.querySelectorAll("mark.hl.active").forEach((m) => m.classList.remove("active"));
    document.querySelectorAll("mark.hl").forEach((m) => {
      if (m.dataset.events.split(" ").includes(String(i))) m.classList.add("active");
    });
    rows.forEach((r) => r.classList.toggle("active", r.dataset.event === String(i)));
    clear(panel);
    const dl = el("dl");
    const row = (k, v) => { dl.append(el("dt", { text: k }), el("dd", {}, v)); };
    row("type", el("span", { class: `type quad-${ev.quad_class}`, text: ev.plover || "—" }));
    row("CAMEO", `${ev.cameo}${ev.mode ? " · mode " + ev.mode : ""}`);
    row("intensity", ev.intensity === null || ev.intensity === undefined ? "—" : fmtScore(ev.intensity));
    row("actor", refsText(ev.actor));
    row("recipient", refsText(ev.recipient));
    row("date", `${ev.date || "—"} (${ev.date_precision}, from ${ev.date_source})`);
    row("place", ev.location ? `${ev.location.name || ev.location.text}${ev.location.country ? " · " + ev.location.country : ""}` : "—");
    row("status", statusBadge(ev.status));
    if (ev.claimant) row("claimant", ev.claimant.text);
    row("confidence", ev.confidence === null || ev.confidence === undefined ? "—" : Number(ev.confidence).toFixed(2));
    row("rule", ev.rule || "—");
    panel.append(el("div", { class: "event-card" }, el("h2", { text: `Event ${i + 1}` }), el("blockquote", { text: ev.quote || "" }), dl));
  }

  document.querySelectorAll("mark.hl").forEach((m) => {
    const pick = () => { const ids = m.dataset.events.split(" ").filter(Boolean); if (ids.length) show(Number(ids[0])); };
    m.addEventListener("click", pick);
    m.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
  });
  rows.forEach((r) => r.addEventListener("click", () => show(Number(r.dataset.event))));
});
