/**
 * The progressive-enhancement script (served at /static/app.js). Every page works without it. It
 * only builds DOM with textContent / createElement (never innerHTML from responses, except the
 * feed's server-rendered results fragment, which the server escaped), and sends the CSRF token in a
 * header. Kept as plain ES2019 in a string so there is no build step.
 */
export const APP_JS = String.raw`'use strict';
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute('content') : '';
  function debounce(fn, ms) { var t; return function () { var a = arguments; clearTimeout(t); t = setTimeout(function () { fn.apply(null, a); }, ms); }; }
  function api(method, url, body) {
    return fetch(url, { method: method, credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body) }).then(function (r) { return r.json(); });
  }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; }

  // Feed: search and facets refresh the results in place and keep the URL shareable.
  var feed = document.getElementById('feed-search');
  if (feed) {
    var refresh = debounce(function () {
      var params = new URLSearchParams(new FormData(feed));
      Array.from(params.keys()).forEach(function (k) { if (!params.get(k)) params.delete(k); });
      var qs = params.toString();
      history.replaceState(null, '', qs ? '/?' + qs : '/');
      params.set('fragment', '1');
      fetch('/?' + params.toString(), { credentials: 'same-origin' }).then(function (r) { return r.text(); }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('results');
        var old = document.getElementById('results');
        if (fresh && old) old.replaceWith(document.importNode(fresh, true));
      });
    }, 200);
    feed.addEventListener('input', refresh);
    feed.addEventListener('change', refresh);
    feed.addEventListener('submit', function (e) { e.preventDefault(); refresh(); });
  }

  // Coverage toggles apply at once.
  var cov = document.getElementById('coverage-form');
  if (cov) cov.addEventListener('change', function () { cov.submit(); });

  // Triage: save without leaving the page.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!form.classList || !form.classList.contains('triage')) return;
    e.preventDefault();
    var sel = form.querySelector('select');
    var btn = form.querySelector('button');
    api('PATCH', form.getAttribute('action'), { triage: sel.value }).then(function (res) {
      btn.textContent = res && res.triage === sel.value ? 'Saved' : 'Failed';
    }, function () { btn.textContent = 'Failed'; });
  });

  // Playground: diagnostics as you type, run without reloading, results grid with column types.
  var ta = document.getElementById('kql');
  var overlay = document.getElementById('kql-overlay');
  var diagBox = document.getElementById('kql-diags');
  var results = document.getElementById('kql-results');
  var pform = document.getElementById('playground-form');
  if (ta && overlay && diagBox && pform) {
    var paint = function (text, diags) {
      overlay.textContent = '';
      var marks = diags.filter(function (d) { return d.severity !== 'info'; }).sort(function (a, b) { return a.offset - b.offset; });
      var pos = 0;
      marks.forEach(function (d) {
        var start = Math.max(pos, Math.min(d.offset, text.length));
        var end = Math.min(text.length, start + Math.max(1, d.length));
        overlay.appendChild(document.createTextNode(text.slice(pos, start)));
        var m = el('mark', 'diag diag-' + d.severity, text.slice(start, end) || ' ');
        m.title = d.code + ': ' + d.message;
        overlay.appendChild(m);
        pos = end;
      });
      overlay.appendChild(document.createTextNode(text.slice(pos) + '\n'));
    };
    var showDiags = function (diags) {
      diagBox.textContent = '';
      if (!diags.length) { diagBox.appendChild(el('p', 'ok', 'No problems found.')); return; }
      var ul = el('ul', 'diags');
      diags.forEach(function (d) {
        var li = el('li', 'diag-' + d.severity);
        li.appendChild(el('strong', '', d.severity));
        li.appendChild(document.createTextNode(' '));
        li.appendChild(el('code', '', d.code));
        li.appendChild(document.createTextNode(' line ' + d.line + ', column ' + d.column + ': ' + d.message));
        ul.appendChild(li);
      });
      diagBox.appendChild(ul);
    };
    var check = debounce(function () {
      var text = ta.value;
      api('POST', '/api/check', { query: text }).then(function (res) {
        if (ta.value !== text) return;
        paint(text, res.diagnostics || []);
        showDiags(res.diagnostics || []);
      });
    }, 250);
    ta.addEventListener('input', function () { paint(ta.value, []); check(); });
    ta.addEventListener('scroll', function () { overlay.parentElement.scrollTop = ta.scrollTop; overlay.parentElement.scrollLeft = ta.scrollLeft; });
    var renderGrid = function (res) {
      results.textContent = '';
      if ((res.diagnostics || []).some(function (d) { return d.severity === 'error'; })) return;
      results.appendChild(el('p', 'count', res.totalRows + ' rows' + (res.truncated ? ' (first ' + res.rows.length + ' shown)' : '') + ' · ' + res.elapsedMs + ' ms'));
      var wrap = el('div', 'scroll');
      var table = el('table', 'grid results-grid');
      var head = el('tr');
      res.columns.forEach(function (c) {
        var th = el('th'); th.scope = 'col'; th.appendChild(document.createTextNode(c.name)); th.appendChild(el('br'));
        th.appendChild(el('span', 'type', c.type)); head.appendChild(th);
      });
      var thead = el('thead'); thead.appendChild(head); table.appendChild(thead);
      var tbody = el('tbody');
      res.rows.forEach(function (r) {
        var tr = el('tr');
        r.forEach(function (v) {
          var t = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
          var td = el('td', '', t); if (t.length > 60) td.title = t.slice(0, 2000); tr.appendChild(td);
        });
        tbody.appendChild(tr);
      });
      table.appendChild(tbody); wrap.appendChild(table); results.appendChild(wrap);
    };
    // History and saved queries live in this browser only (localStorage), never on the server.
    var store = {
      get: function (k) { try { var v = JSON.parse(localStorage.getItem(k) || '[]'); return Array.isArray(v) ? v : []; } catch (e) { return []; } },
      set: function (k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* full or disabled */ } }
    };
    var HIST = 'kqlhunt.playground.history', SAVED = 'kqlhunt.playground.saved';
    var firstLine = function (q) { var l = q.split('\n').map(function (s) { return s.trim(); }).filter(Boolean); return (l[0] || '') + (l.length > 1 ? ' … ' + l[l.length - 1] : ''); };
    var drawList = function (id, items, empty, label, remove) {
      var ul = document.getElementById(id); if (!ul) return;
      ul.textContent = '';
      if (!items.length) { ul.appendChild(el('li', 'muted', empty)); return; }
      items.forEach(function (it, i) {
        var li = el('li');
        var b = el('button', 'linkish', label(it)); b.type = 'button'; b.title = it.query;
        b.addEventListener('click', function () { ta.value = it.query; paint(ta.value, []); check(); ta.focus(); });
        li.appendChild(b);
        if (remove) { var x = el('button', 'linkish muted', '×'); x.type = 'button'; x.setAttribute('aria-label', 'Delete ' + label(it)); x.addEventListener('click', function () { remove(i); }); li.appendChild(x); }
        ul.appendChild(li);
      });
    };
    var showHistory = function () { drawList('pg-history', store.get(HIST), 'Queries you run appear here (the last 20, in this browser).', function (it) { return firstLine(it.query); }); };
    var showSaved = function () {
      drawList('pg-saved', store.get(SAVED), 'Name a query and save it; saved queries stay in this browser.', function (it) { return it.name; },
        function (i) { var s = store.get(SAVED); s.splice(i, 1); store.set(SAVED, s); showSaved(); });
    };
    var remember = function (q) {
      var h = store.get(HIST).filter(function (it) { return it && it.query !== q; });
      h.unshift({ query: q, at: new Date().toISOString() }); store.set(HIST, h.slice(0, 20)); showHistory();
    };
    var saveBtn = document.getElementById('save-query');
    var saveName = document.getElementById('save-name');
    if (saveBtn && saveName) saveBtn.addEventListener('click', function () {
      var name = saveName.value.trim() || firstLine(ta.value).slice(0, 60);
      if (!ta.value.trim()) return;
      var s = store.get(SAVED).filter(function (it) { return it && it.name !== name; });
      s.unshift({ name: name, query: ta.value }); store.set(SAVED, s.slice(0, 100)); saveName.value = ''; showSaved();
    });
    showHistory(); showSaved();

    // render → a Chart.js chart (the bundle is served from /static, no inline code).
    var chartBox = document.getElementById('kql-chart');
    var canvas = document.getElementById('kql-canvas');
    var caption = document.getElementById('kql-chart-caption');
    var chart = null;
    var PALETTE = ['#0b4f8a', '#bf3989', '#1a7f37', '#bc4c00', '#8250df', '#0969da', '#9a6700', '#cf222e'];
    var isNum = function (t) { return t === 'long' || t === 'int' || t === 'real' || t === 'decimal'; };
    var drawChart = function (res) {
      if (chart) { chart.destroy(); chart = null; }
      if (!chartBox) return;
      chartBox.hidden = true;
      var kind = res.chart && res.chart.kind;
      if (!kind || typeof window.Chart !== 'function' || !res.rows.length) return;
      var cols = res.columns;
      var nums = cols.map(function (c, i) { return isNum(c.type) ? i : -1; }).filter(function (i) { return i >= 0; });
      var timeCol = cols.findIndex(function (c) { return c.type === 'datetime'; });
      var labelCol = cols.findIndex(function (c) { return c.type === 'string'; });
      if (!nums.length) return;
      var config;
      var label = function (v) { return v === null || v === undefined ? '' : String(v); };
      if ((kind === 'timechart' || kind === 'linechart' || kind === 'areachart' || kind === 'scatterchart') && timeCol >= 0) {
        var series = {};
        var valueCols = nums.filter(function (i) { return i !== timeCol; });
        res.rows.forEach(function (r) {
          var x = Date.parse(r[timeCol]); if (!isFinite(x)) return;
          valueCols.forEach(function (i) {
            var key = (labelCol >= 0 ? label(r[labelCol]) + (valueCols.length > 1 ? ' · ' : '') : '') + (valueCols.length > 1 || labelCol < 0 ? cols[i].name : '');
            (series[key] = series[key] || []).push({ x: x, y: Number(r[i]) });
          });
        });
        var keys = Object.keys(series).slice(0, 12);
        config = { type: kind === 'scatterchart' ? 'scatter' : 'line', data: { datasets: keys.map(function (k, j) {
          return { label: k, data: series[k].sort(function (a, b) { return a.x - b.x; }), borderColor: PALETTE[j % PALETTE.length], backgroundColor: PALETTE[j % PALETTE.length] + '33', fill: kind === 'areachart', pointRadius: 2, tension: 0 };
        }) }, options: { scales: { x: { type: 'linear', ticks: { maxTicksLimit: 8, callback: function (v) { return new Date(v).toISOString().slice(0, 16).replace('T', ' '); } }, title: { display: true, text: cols[timeCol].name + ' (UTC)' } }, y: { beginAtZero: true } } } };
      } else if (kind === 'piechart') {
        var li = labelCol >= 0 ? labelCol : 0;
        var vi = nums.filter(function (i) { return i !== li; })[0]; if (vi === undefined) return;
        var rows = res.rows.slice(0, 20);
        config = { type: 'pie', data: { labels: rows.map(function (r) { return label(r[li]); }), datasets: [{ data: rows.map(function (r) { return Number(r[vi]); }), backgroundColor: rows.map(function (_, j) { return PALETTE[j % PALETTE.length]; }) }] }, options: { plugins: { legend: { position: 'right' } } } };
      } else {
        var lx = labelCol >= 0 ? labelCol : timeCol >= 0 ? timeCol : 0;
        var vals = nums.filter(function (i) { return i !== lx; });
        var rows2 = res.rows.slice(0, 50);
        config = { type: 'bar', data: { labels: rows2.map(function (r) { return label(r[lx]); }), datasets: vals.map(function (i, j) {
          return { label: cols[i].name, data: rows2.map(function (r) { return Number(r[i]); }), backgroundColor: PALETTE[j % PALETTE.length] };
        }) }, options: { indexAxis: kind === 'barchart' ? 'y' : 'x', scales: { y: { beginAtZero: true } } } };
      }
      config.options.animation = false;
      config.options.responsive = true;
      config.options.maintainAspectRatio = false;
      chartBox.hidden = false;
      caption.textContent = kind + (res.chart.properties && res.chart.properties.title ? ': ' + res.chart.properties.title : '') + ' of ' + res.rows.length + ' rows';
      chart = new window.Chart(canvas, config);
    };
    var run = function () {
      results.textContent = 'Running…';
      var q = ta.value;
      api('POST', '/api/query', { query: q }).then(function (res) {
        paint(ta.value, res.diagnostics || []);
        showDiags(res.diagnostics || []);
        renderGrid(res);
        if (!(res.diagnostics || []).some(function (d) { return d.severity === 'error'; })) { remember(q); drawChart(res); }
        else drawChart({ rows: [] });
      }, function () { results.textContent = 'The query could not be run.'; });
    };
    pform.addEventListener('submit', function (e) { e.preventDefault(); run(); });
    ta.addEventListener('keydown', function (e) { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
    if (pform.getAttribute('data-autorun') === '1') run();
  }

  // Inbox: select all on the page, and say how many are selected.
  var bulk = document.getElementById('bulk');
  if (bulk) {
    var all = document.getElementById('select-all');
    var count = document.getElementById('bulk-count');
    var boxes = function () { return Array.from(bulk.querySelectorAll('input[name="ids"]')); };
    var update = function () { var n = boxes().filter(function (b) { return b.checked; }).length; if (count) count.textContent = n ? n + ' selected' : ''; };
    if (all) all.addEventListener('change', function () { boxes().forEach(function (b) { b.checked = all.checked; }); update(); });
    bulk.addEventListener('change', update);
  }
  var inboxFilter = document.getElementById('inbox-filter');
  if (inboxFilter) inboxFilter.addEventListener('change', function (e) { if (e.target && e.target.tagName === 'SELECT') inboxFilter.submit(); });

  // Hunt form: typing a path, choosing files or changing the demo fleet chooses that data.
  var huntForm = document.getElementById('hunt-form');
  if (huntForm) {
    var pick = function (e) {
      var box = e.target && e.target.closest ? e.target.closest('.choice') : null;
      var radio = box ? box.querySelector('input[type="radio"][name="data"]') : null;
      if (radio && e.target !== radio && !radio.disabled) radio.checked = true;
    };
    huntForm.addEventListener('input', pick);
    huntForm.addEventListener('change', pick);
  }
})();
`;
