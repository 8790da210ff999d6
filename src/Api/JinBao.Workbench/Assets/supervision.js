// The supervision page's dashboard: draws the charts the page shaped (Chart.js, vendored: chart.umd.min.js) and polls
// the page's Data handler every few seconds to redraw them in place, with their screen-reader tables and labels.
// Without this script the page still shows the alerts, and each chart's table to assistive technology.
(function () {
  "use strict";

  var board = document.querySelector("[data-dashboard]");
  var initial = document.getElementById("dashboard-data");
  if (!board || !initial || typeof window.Chart === "undefined") { return; }

  var Chart = window.Chart;
  var css = getComputedStyle(document.documentElement);
  Chart.defaults.font.family = css.fontFamily;
  Chart.defaults.color = "#1f2328";
  Chart.defaults.animation = false; // redrawn every few seconds; motion would only distract (and blur screenshots)

  // One colour per series position, for bars and for the line drawn over them.
  var palette = ["#0b57d0", "#b3261e", "#1a7f37", "#9a6700", "#8250df", "#59636e"];
  var charts = {};

  function datasetsOf(data) {
    return data.series.map(function (series, index) {
      var colour = palette[index % palette.length];
      var line = (series.type || data.kind) === "line"; // drawn over the bars, with its points
      return {
        label: series.label,
        data: series.data.slice(),
        type: series.type || undefined,
        yAxisID: data.horizontal ? undefined : series.axis,
        xAxisID: data.horizontal ? "x" : undefined,
        backgroundColor: line ? colour : colour + "cc",
        borderColor: colour,
        borderWidth: line ? 2 : 0,
        pointRadius: line ? 3 : 0,
        tension: 0.2,
        maxBarThickness: 48,
        order: line ? 0 : 1,
        unit: series.unit
      };
    });
  }

  function scalesOf(data) {
    var count = function (value) { return Number.isInteger(value) ? value.toLocaleString() : null; };
    if (data.horizontal) {
      return { x: { beginAtZero: true, stacked: data.stacked, ticks: { precision: 0 } }, y: { stacked: data.stacked } };
    }
    var scales = { x: { stacked: data.stacked }, y: { beginAtZero: true, stacked: data.stacked, ticks: { precision: 0 } } };
    var second = data.series.filter(function (s) { return s.axis === "y1"; })[0];
    if (second) {
      scales.y1 = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, ticks: { precision: 0, callback: count },
        title: { display: true, text: second.label } };
      var first = data.series.filter(function (s) { return s.axis !== "y1"; })[0];
      if (first) { scales.y.title = { display: true, text: first.label }; }
    }
    if (data.series.some(function (s) { return s.axis !== "y1" && s.unit === "percent"; })) {
      scales.y.max = 100; // a rate: the whole scale, so 90 % does not look like a collapse
    }
    return scales;
  }

  function format(value, unit) {
    if (unit === "yuan") { return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
    if (unit === "percent") { return value.toFixed(1); }
    return Math.round(value).toLocaleString("en-US");
  }

  function draw(data) {
    var canvas = document.querySelector("canvas[data-chart='" + data.id + "']");
    if (!canvas) { return; }
    canvas.setAttribute("aria-label", data.summary);
    canvas.textContent = data.summary;
    var empty = document.querySelector("[data-chart-empty='" + data.id + "']");
    if (empty) { empty.hidden = data.labels.length > 0; }
    fillTable(data);

    var chart = charts[data.id];
    if (chart) {
      chart.data.labels = data.labels.slice();
      var fresh = datasetsOf(data);
      fresh.forEach(function (dataset, index) {
        if (chart.data.datasets[index]) {
          chart.data.datasets[index].data = dataset.data;
          chart.data.datasets[index].label = dataset.label;
        } else {
          chart.data.datasets.push(dataset);
        }
      });
      chart.update("none");
      return;
    }

    charts[data.id] = new Chart(canvas, {
      type: data.kind,
      data: { labels: data.labels.slice(), datasets: datasetsOf(data) },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: data.horizontal ? "y" : "x",
        interaction: { mode: "index", intersect: false },
        scales: scalesOf(data),
        plugins: {
          legend: { display: data.series.length > 1, position: "bottom",
            labels: { sort: function (a, b) { return a.datasetIndex - b.datasetIndex; } } },
          tooltip: {
            callbacks: {
              label: function (item) { return item.dataset.label + ": " + format(item.parsed[data.horizontal ? "x" : "y"], item.dataset.unit); }
            }
          }
        }
      }
    });
  }

  // The chart's visually hidden table, rebuilt from the same data (what a screen reader reads instead of the canvas).
  function fillTable(data) {
    var table = document.querySelector("[data-chart-table='" + data.id + "']");
    if (!table) { return; }
    var body = table.tBodies[0];
    var rows = data.labels.map(function (label, i) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
      tr.appendChild(th);
      data.series.forEach(function (series) {
        var td = document.createElement("td");
        td.className = "num";
        td.textContent = format(series.data[i], series.unit);
        tr.appendChild(td);
      });
      return tr;
    });
    body.replaceChildren.apply(body, rows);
  }

  function fillCities(cities) {
    var table = document.querySelector("[data-cities]");
    if (!table || !cities) { return; }
    var body = table.tBodies[0];
    body.replaceChildren.apply(body, cities.map(function (c) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = c.city;
      tr.appendChild(th);
      [c.enrolments, c.declarations, c.openTransfers, c.overdueTransfers, c.deaths].forEach(function (n) {
        var td = document.createElement("td");
        td.className = "num";
        td.textContent = Number(n).toLocaleString("en-US");
        tr.appendChild(td);
      });
      return tr;
    }));
  }

  function apply(dashboard) {
    dashboard.charts.forEach(draw);
    fillCities(dashboard.cities);
    var asOf = board.querySelector("[data-as-of]");
    if (asOf) { asOf.textContent = dashboard.asOfText; }
    var refreshed = board.querySelector("[data-refreshed]");
    if (refreshed) { refreshed.textContent = dashboard.refreshedText; }
    board.dataset.events = String(dashboard.events);
    board.dataset.polls = String(Number(board.dataset.polls || "0") + 1);
  }

  apply(JSON.parse(initial.textContent));
  board.dataset.polls = "0";

  var interval = Number(board.dataset.interval) || 5000;
  var busy = false;
  setInterval(function () {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch(board.dataset.url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401 || response.redirected) { location.reload(); return null; }
        return response.ok ? response.json() : null;
      })
      .then(function (dashboard) {
        var refreshed = board.querySelector("[data-refreshed]");
        if (dashboard && dashboard.charts) { apply(dashboard); }
        else if (refreshed) { refreshed.textContent = board.dataset.staleText; }
      })
      .catch(function () {
        var refreshed = board.querySelector("[data-refreshed]");
        if (refreshed) { refreshed.textContent = board.dataset.staleText; }
      })
      .then(function () { busy = false; });
  }, interval);
})();
