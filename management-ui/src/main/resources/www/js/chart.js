// A small line chart drawn on a canvas: no library, no network. Series are arrays of {t, v}.
(function () {
  'use strict';
  var COLORS = ['#c2410c', '#2563eb', '#15803d', '#7c3aed', '#b45309', '#0891b2'];

  function niceMax(value) {
    if (value <= 0) return 1;
    var exponent = Math.pow(10, Math.floor(Math.log10(value)));
    var fraction = value / exponent;
    var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * exponent;
  }

  function format(value) {
    if (value >= 1e6) return (value / 1e6).toFixed(1) + 'M';
    if (value >= 1e3) return (value / 1e3).toFixed(1) + 'k';
    return value % 1 === 0 ? String(value) : value.toFixed(1);
  }

  /** Draws named series into the canvas; the canvas keeps the latest values in data-* attributes. */
  function draw(canvas, series, options) {
    options = options || {};
    var ratio = window.devicePixelRatio || 1;
    var width = canvas.clientWidth || 480, height = canvas.clientHeight || 220;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    var g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    g.clearRect(0, 0, width, height);
    var left = 48, right = 10, top = 10, bottom = 24;
    var plotW = width - left - right, plotH = height - top - bottom;
    // The window covers the data there is (at least a minute), up to options.seconds.
    var now = Date.now(), oldest = now;
    series.forEach(function (s) { if (s.points.length) oldest = Math.min(oldest, s.points[0].t); });
    var span = Math.min((options.seconds || 300) * 1000, Math.max(60000, (now - oldest) * 1.1)), start = now - span;
    var max = 0, points = Infinity;
    series.forEach(function (s) {
      var shown = 0;
      s.points.forEach(function (p) { if (p.t >= start) { max = Math.max(max, p.v); shown++; } });
      points = Math.min(points, shown);
    });
    if (!series.length) points = 0;
    max = niceMax(max);
    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#6b7280';
    g.strokeStyle = '#e3e6eb';
    g.lineWidth = 1;
    for (var i = 0; i <= 4; i++) {
      var y = top + plotH - plotH * i / 4;
      g.beginPath(); g.moveTo(left, y); g.lineTo(left + plotW, y); g.stroke();
      g.fillText(format(max * i / 4) + (options.unit || ''), 4, y + 4);
    }
    for (var m = 0; m <= 5; m++) {
      var x = left + plotW * m / 5;
      var label = '-' + Math.round((span / 1000) * (1 - m / 5)) + 's';
      g.fillText(m === 5 ? 'now' : label, x - 12, height - 6);
    }
    series.forEach(function (s, index) {
      g.strokeStyle = s.color || COLORS[index % COLORS.length];
      g.lineWidth = 2;
      g.fillStyle = g.strokeStyle;
      g.beginPath();
      var started = false, shown = [];
      s.points.forEach(function (p) {
        if (p.t < start) return;
        var px = left + plotW * (p.t - start) / span;
        var py = top + plotH - plotH * (p.v / max);
        shown.push([px, py]);
        if (!started) { g.moveTo(px, py); started = true; } else { g.lineTo(px, py); }
      });
      g.stroke();
      if (shown.length < 20) shown.forEach(function (xy) { g.beginPath(); g.arc(xy[0], xy[1], 2.5, 0, 2 * Math.PI); g.fill(); });
    });
    var latest = series.map(function (s) { var last = s.points[s.points.length - 1]; return last ? last.v : 0; });
    canvas.setAttribute('data-points', String(points)); // the fewest points any series shows
    canvas.setAttribute('data-max', String(Math.max.apply(null, [0].concat(series.map(function (s) {
      return Math.max.apply(null, [0].concat(s.points.map(function (p) { return p.v; })));
    })))));
    canvas.setAttribute('data-latest', latest.join(','));
  }

  function legend(element, series) {
    element.innerHTML = '';
    series.forEach(function (s, index) {
      var item = document.createElement('span');
      var swatch = document.createElement('i');
      swatch.style.background = s.color || COLORS[index % COLORS.length];
      item.appendChild(swatch);
      var last = s.points[s.points.length - 1];
      item.appendChild(document.createTextNode(s.name + ' ' + (last ? format(last.v) : '0') + (s.unit || '')));
      element.appendChild(item);
    });
  }

  window.WarrenChart = { draw: draw, legend: legend, format: format };
})();
