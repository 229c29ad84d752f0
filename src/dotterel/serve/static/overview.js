"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const data = readJSON("timeline-data") || [];
  timeChart(document.getElementById("timeline"), [{ label: "all dyads", color: "#1f3a5f", points: data }]);
});
