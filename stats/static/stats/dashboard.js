// Draws the charts whose options the server built (stats/dashboard.py) and follows a click to the items behind it.
(function () {
  "use strict";
  var form = document.getElementById("period-form");
  if (form) {
    var kind = form.querySelector("[name=kind]");
    var shown = {year: ["year"], quarter: ["year", "quarter"], month: ["year", "month"], custom: ["start", "end"]};
    var toggle = function () {
      ["year", "quarter", "month", "start", "end"].forEach(function (name) {
        var box = form.querySelector('[data-field="' + name + '"]');
        if (box) box.hidden = shown[kind.value].indexOf(name) < 0;
      });
    };
    kind.addEventListener("change", toggle);
    toggle();
  }
  var data = document.getElementById("stat-charts");
  if (!data || !window.echarts) return;
  var charts = JSON.parse(data.textContent);
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var spec = charts[el.dataset.chart];
    if (!spec) return;
    var chart = echarts.init(el);
    chart.setOption(spec.option);
    chart.on("click", function (p) {
      var url = (spec.links[p.seriesIndex] || [])[p.dataIndex];
      if (url) window.location.href = url;
    });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
