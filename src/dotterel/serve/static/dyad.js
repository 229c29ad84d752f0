"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("dyad-timeline");
  const a = box.dataset.a, b = box.dataset.b;
  const select = document.getElementById("period");
  async function load() {
    try {
      const d = await getJSON(`/api/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}?period=${select.value}`);
      const pick = (s, t) => d.series.filter((r) => r.source === s && r.target === t);
      timeChart(box, [
        { label: `${a} → ${b}`, color: "#1f3a5f", points: pick(a, b) },
        { label: `${b} → ${a}`, color: "#e2a13b", points: pick(b, a) },
      ], { period: select.value });
    } catch (err) {
      clear(box); box.appendChild(el("p", { class: "empty", text: "Could not load the timeline: " + err.message }));
    }
  }
  select.addEventListener("change", load);
  load();
});
