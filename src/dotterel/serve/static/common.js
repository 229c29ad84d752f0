// Shared helpers for the Dotterel pages.  Every piece of data enters the DOM through
// textContent or setAttribute, never innerHTML: article text is hostile input.
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  for (const c of children) append(node, c);
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVGNS, tag);
  setAttrs(node, attrs);
  for (const c of children) append(node, c);
  return node;
}

function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = String(v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
}

function append(node, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) { child.forEach((c) => append(node, c)); return; }
  node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

async function getJSON(url) {
  const r = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw new Error(body.error || `${r.status} ${r.statusText}`);
  return body;
}

function readJSON(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : null;
}

// Diverging scale: -10 conflict (red) .. 0 (light grey) .. +10 cooperation (blue).
const RAMP = [[-10, [178, 24, 43]], [-5, [239, 138, 98]], [0, [200, 200, 200]], [5, [103, 169, 207]], [10, [33, 102, 172]]];
function scoreColor(score) {
  if (score === null || score === undefined || Number.isNaN(score)) return "#9aa4b0";
  const s = Math.max(-10, Math.min(10, score));
  for (let i = 1; i < RAMP.length; i++) {
    const [x1, c1] = RAMP[i];
    const [x0, c0] = RAMP[i - 1];
    if (s <= x1) {
      const t = (s - x0) / (x1 - x0);
      const c = c0.map((v, j) => Math.round(v + t * (c1[j] - v)));
      return `rgb(${c[0]},${c[1]},${c[2]})`;
    }
  }
  return "rgb(33,102,172)";
}

function fmtScore(s) {
  if (s === null || s === undefined) return "–";
  return (s > 0 ? "+" : "") + Number(s).toFixed(1);
}

function paintScore(b, s) {
  b.style.background = scoreColor(s);
  b.style.color = Math.abs(s) < 4 ? "#1d2430" : "#fff";  // dark text on the pale middle of the ramp
}

function scoreBadge(s) {
  const b = el("span", { class: "score", text: fmtScore(s), title: "cooperation–conflict score" });
  if (s === null || s === undefined) b.classList.add("score-none");
  else paintScore(b, s);
  return b;
}

function statusBadge(status) {
  return el("span", { class: `badge status-${status}`, text: status, title: `claim status: ${status}` });
}

function refsText(refs) {
  if (!refs || !refs.length) return "—";
  return refs.map((r) => (r.code || "?") + (r.sector ? " " + r.sector : "")).join(", ");
}

let tooltipNode = null;
function showTooltip(evt, text) {
  if (!tooltipNode) { tooltipNode = el("div", { class: "tooltip", role: "tooltip" }); document.body.appendChild(tooltipNode); }
  tooltipNode.textContent = text;
  tooltipNode.hidden = false;
  tooltipNode.style.left = Math.min(evt.clientX + 14, window.innerWidth - 330) + "px";
  tooltipNode.style.top = evt.clientY + 14 + "px";
}
function hideTooltip() { if (tooltipNode) tooltipNode.hidden = true; }

// Score badges and bars rendered by the server carry their value in data attributes
// (inline styles are forbidden by the Content-Security-Policy).
function paintStatic() {
  document.querySelectorAll(".score[data-score]").forEach((b) => paintScore(b, Number(b.dataset.score)));
  document.querySelectorAll(".bar[data-width]").forEach((b) => { b.style.width = b.dataset.width + "%"; });
}

// Is period b the one right after period a?  Months "YYYY-MM"; days and weeks "YYYY-MM-DD".
function adjacent(a, b, period) {
  if (period === "month") {
    const [ya, ma] = a.split("-").map(Number), [yb, mb] = b.split("-").map(Number);
    return yb * 12 + mb - (ya * 12 + ma) === 1;
  }
  const days = (Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86400000;
  return days === (period === "week" ? 7 : 1);
}

// A time chart in two bands sharing the period axis: the score (-10..+10, dots and lines, one
// per series) above, the event volume (bars) below.
// series: [{label, color, points: [{period, count, score}]}]
function timeChart(container, series, opts = {}) {
  clear(container);
  const periods = [...new Set(series.flatMap((s) => s.points.map((p) => p.period)))].sort();
  if (!periods.length) { container.appendChild(el("p", { class: "empty", text: "No dated events." })); return; }
  const W = 900, H = opts.height || 300, m = { l: 64, r: 16, t: 12, b: 26 };
  const gap = 18, volH = 70;
  const scoreH = H - m.t - m.b - gap - volH;
  const iw = W - m.l - m.r;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "timechart" });
  const band = iw / periods.length;
  const nb = series.length;
  const bw = Math.min(26, (band * 0.7) / nb);
  const x = (p, k) => m.l + band * (periods.indexOf(p) + 0.5) + (k - (nb - 1) / 2) * bw;
  const y = (s) => m.t + scoreH * (1 - (s + 10) / 20);
  const volTop = m.t + scoreH + gap;
  const maxCount = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.count)));
  const yc = (c) => volTop + volH * (1 - c / maxCount);
  const axis = svg("g", { class: "axis" });
  for (const v of [-10, -5, 0, 5, 10]) {
    root.appendChild(svg("line", { class: v === 0 ? "zero" : "grid", x1: m.l, x2: W - m.r, y1: y(v), y2: y(v) }));
    axis.appendChild(svg("text", { x: m.l - 8, y: y(v) + 4, "text-anchor": "end", text: (v > 0 ? "+" : "") + v }));
  }
  axis.appendChild(svg("text", { x: 4, y: y(7.5) + 4, text: "coop." }));
  axis.appendChild(svg("text", { x: 4, y: y(-7.5) + 4, text: "conflict" }));
  root.appendChild(svg("line", { class: "grid", x1: m.l, x2: W - m.r, y1: volTop + volH, y2: volTop + volH }));
  axis.appendChild(svg("text", { x: m.l - 8, y: yc(maxCount) + 8, "text-anchor": "end", text: maxCount }));
  axis.appendChild(svg("text", { x: 4, y: volTop + volH / 2 + 4, text: "events" }));
  const step = Math.ceil(periods.length / 12);
  periods.forEach((p, i) => {
    if (i % step === 0) axis.appendChild(svg("text", { x: x(p, (nb - 1) / 2), y: H - 6, "text-anchor": "middle", text: p }));
  });
  root.appendChild(axis);
  series.forEach((s, k) => {
    for (const pt of s.points) {
      const bar = svg("rect", { x: x(pt.period, k) - bw / 2, y: yc(pt.count), width: Math.max(1, bw - 2), height: Math.max(0, volTop + volH - yc(pt.count)), fill: s.color, opacity: 0.8, class: "count-bar" });
      bar.addEventListener("mousemove", (e) => showTooltip(e, `${s.label}\n${pt.period}: ${pt.count} event(s), score ${fmtScore(pt.score)}`));
      bar.addEventListener("mouseleave", hideTooltip);
      root.appendChild(bar);
    }
  });
  // periods with no events between two shown ones: a dashed line and a mark on the axis
  periods.forEach((p, i) => {
    if (i > 0 && !adjacent(periods[i - 1], p, opts.period || "month")) {
      const gx = (x(periods[i - 1], (nb - 1) / 2) + x(p, (nb - 1) / 2)) / 2;
      axis.appendChild(svg("text", { x: gx, y: H - 6, "text-anchor": "middle", class: "gap-mark", text: "⋯", title: "periods without events left out" }));
    }
  });
  series.forEach((s, k) => {
    const pts = s.points.filter((p) => p.score !== null && p.score !== undefined);
    for (let i = 1; i < pts.length; i++) {
      const gap = !adjacent(pts[i - 1].period, pts[i].period, opts.period || "month");
      root.appendChild(svg("line", { x1: x(pts[i - 1].period, k), y1: y(pts[i - 1].score), x2: x(pts[i].period, k), y2: y(pts[i].score),
        stroke: s.color, "stroke-width": 2, "stroke-opacity": gap ? 0.35 : 0.7, "stroke-dasharray": gap ? "4 4" : null }));
    }
    for (const p of pts) {
      const dot = svg("circle", { cx: x(p.period, k), cy: y(p.score), r: 4 + Math.min(5, Math.sqrt(p.count) * 1.5), fill: scoreColor(p.score), stroke: s.color, "stroke-width": 2, class: "score-dot" });
      dot.addEventListener("mousemove", (e) => showTooltip(e, `${s.label}\n${p.period}: score ${fmtScore(p.score)} over ${p.count} event(s)`));
      dot.addEventListener("mouseleave", hideTooltip);
      root.appendChild(dot);
    }
  });
  container.appendChild(root);
}

document.addEventListener("DOMContentLoaded", paintStatic);
