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
      var table = el('table', 'grid');
      var head = el('tr');
      res.columns.forEach(function (c) {
        var th = el('th'); th.scope = 'col'; th.appendChild(document.createTextNode(c.name)); th.appendChild(el('br'));
        th.appendChild(el('span', 'type', c.type)); head.appendChild(th);
      });
      var thead = el('thead'); thead.appendChild(head); table.appendChild(thead);
      var tbody = el('tbody');
      res.rows.forEach(function (r) {
        var tr = el('tr');
        r.forEach(function (v) { tr.appendChild(el('td', '', v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))); });
        tbody.appendChild(tr);
      });
      table.appendChild(tbody); wrap.appendChild(table); results.appendChild(wrap);
    };
    var run = function () {
      results.textContent = 'Running…';
      api('POST', '/api/query', { query: ta.value }).then(function (res) {
        paint(ta.value, res.diagnostics || []);
        showDiags(res.diagnostics || []);
        renderGrid(res);
      }, function () { results.textContent = 'The query could not be run.'; });
    };
    pform.addEventListener('submit', function (e) { e.preventDefault(); run(); });
    ta.addEventListener('keydown', function (e) { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
  }
})();
`;
