// Draws the dashboard charts from the JSON the page embeds; the tables stay as the fallback.
(function () {
  "use strict";
  function draw() {
    if (typeof Chart === "undefined") return;
    var node = document.getElementById("chart-specs");
    if (!node) return;
    var printing = document.body.classList.contains("printable");
    JSON.parse(node.textContent).forEach(function (spec) {
      var canvas = document.getElementById("chart-" + spec.id);
      if (!canvas) return;
      var options = Object.assign(
        { responsive: true, maintainAspectRatio: false, animation: printing ? false : undefined },
        spec.options || {}
      );
      new Chart(canvas, { type: spec.type, data: { labels: spec.labels, datasets: spec.datasets }, options: options });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
