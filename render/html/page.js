// graphgen's HTML page (render/html): pan, zoom, hover and pinned panels, search, legend
// and the grouping. One script for every page, hashed into the page's Content-Security-
// Policy; the model's data comes from the JSON island #gg-data and reaches the page only
// through textContent, never as markup.
(function () {
  'use strict';
  var doc = document;
  var island = doc.getElementById('gg-data');
  var data = JSON.parse(island.textContent);
  var view = doc.getElementById('gg-view');
  var stage = doc.getElementById('gg-stage');
  var svg = stage.querySelector('svg');
  var info = doc.getElementById('gg-info');
  var side = doc.getElementById('gg-side');
  var search = doc.getElementById('gg-search');
  var count = doc.getElementById('gg-count');
  var zoomText = doc.getElementById('gg-zoom');
  var svgW = parseFloat(svg.getAttribute('width')) || 1;
  var svgH = parseFloat(svg.getAttribute('height')) || 1;

  var byId = Object.create(null);
  function index(list, kind) {
    (list || []).forEach(function (d) { byId[d.id] = { kind: kind, d: d }; });
  }
  index(data.nodes, 'node');
  index(data.edges, 'edge');
  index(data.clusters, 'cluster');

  // ---- pan and zoom: one CSS transform on the stage ----
  var k = 1, tx = 0, ty = 0;
  var MIN_K = 0.02, MAX_K = 8;
  function apply() {
    stage.style.transform = 'translate(' + tx + 'px,' + ty + 'px) scale(' + k + ')';
    zoomText.textContent = Math.round(k * 100) + '%';
  }
  function zoomAt(factor, cx, cy) {
    var nk = Math.min(MAX_K, Math.max(MIN_K, k * factor));
    tx = cx - (cx - tx) * (nk / k);
    ty = cy - (cy - ty) * (nk / k);
    k = nk;
    apply();
  }
  function center() { return [view.clientWidth / 2, view.clientHeight / 2]; }
  function fit() {
    var w = view.clientWidth, h = view.clientHeight;
    k = Math.min(Math.max(Math.min(w / svgW, h / svgH) * 0.98, MIN_K), 1.5);
    tx = (w - svgW * k) / 2;
    ty = Math.max(0, (h - svgH * k) / 2);
    apply();
  }
  // A tall model fitted whole is unreadable: open at the width that fits (at most 1:1),
  // from the top, when fitting everything would shrink the boxes below half size.
  function initialView() {
    var w = view.clientWidth, h = view.clientHeight;
    if (Math.min(w / svgW, h / svgH) >= 0.5) { fit(); return; }
    k = Math.max(Math.min(1, (w * 0.98) / svgW), MIN_K);
    tx = Math.max(0, (w - svgW * k) / 2);
    ty = 0;
    apply();
  }
  function actual() {
    var c = center();
    zoomAt(1 / k, c[0], c[1]);
  }
  function showItem(el) {
    var b = el.getBBox();
    if (k < 0.6) k = 1;
    tx = view.clientWidth / 2 - (b.x + b.width / 2) * k;
    ty = view.clientHeight / 2 - (b.y + b.height / 2) * k;
    apply();
  }

  view.addEventListener('wheel', function (e) {
    e.preventDefault();
    var r = view.getBoundingClientRect();
    var dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    zoomAt(Math.exp(-dy * 0.0015), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });

  // Drag pans; two pointers pinch; a press that did not move is a click.
  var pointers = new Map();
  var drag = null, pinch = null;
  view.addEventListener('pointerdown', function (e) {
    pointers.set(e.pointerId, [e.clientX, e.clientY]);
    view.setPointerCapture(e.pointerId);
    if (pointers.size === 1) {
      drag = { x: e.clientX, y: e.clientY, tx: tx, ty: ty, moved: false, target: e.target };
    } else if (pointers.size === 2) {
      var p = Array.from(pointers.values());
      pinch = { d: Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]) || 1 };
      drag = null;
    }
  });
  view.addEventListener('pointermove', function (e) {
    if (!pointers.has(e.pointerId)) return;
    pointers.set(e.pointerId, [e.clientX, e.clientY]);
    if (pinch && pointers.size === 2) {
      var p = Array.from(pointers.values());
      var d = Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]) || 1;
      var r = view.getBoundingClientRect();
      zoomAt(d / pinch.d, (p[0][0] + p[1][0]) / 2 - r.left, (p[0][1] + p[1][1]) / 2 - r.top);
      pinch.d = d;
    } else if (drag) {
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) > 3) {
        drag.moved = true;
        view.classList.add('gg-dragging');
      }
      if (drag.moved) {
        tx = drag.tx + dx;
        ty = drag.ty + dy;
        apply();
      }
    }
  });
  function release(e) {
    pointers.delete(e.pointerId);
    if (pointers.size < 2) pinch = null;
    if (drag && e.type === 'pointerup' && !drag.moved) click(drag.target);
    if (pointers.size === 0) drag = null;
    view.classList.remove('gg-dragging');
  }
  view.addEventListener('pointerup', release);
  view.addEventListener('pointercancel', release);

  // ---- the info panel: hover shows, click pins ----
  var pinned = null, hovered = null;
  function itemOf(target) {
    var g = target && target.closest ? target.closest('g.node, g.edge, g.cluster') : null;
    return g && byId[g.id] ? g : null;
  }
  function el(tag, text, cls) {
    var e = doc.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function rows(parent, pairs) {
    var t = el('table');
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || p[1] === '') return;
      var tr = el('tr');
      tr.appendChild(el('td', p[0]));
      tr.appendChild(el('td', p[1]));
      t.appendChild(tr);
    });
    if (t.firstChild) parent.appendChild(t);
  }
  function list(parent, title, items) {
    if (!items || !items.length) return;
    parent.appendChild(el('h3', title));
    var ul = el('ul');
    items.forEach(function (s) { ul.appendChild(el('li', s)); });
    parent.appendChild(ul);
  }
  function tensorText(t) { return t[0] + ': ' + (t[2] || '?') + ' ' + (t[1] || '?'); }
  function num(n) { return n ? Number(n).toLocaleString('en-US') : ''; }
  function fillNode(d) {
    info.appendChild(el('h2', d.name || d.op || d.id));
    var op = d.op ? d.op + (d.domain ? ' (' + d.domain + ')' : '') + (d.detail ? ' · ' + d.detail : '') : '';
    rows(info, [['op', op], ['kind', d.kind !== 'op' ? d.kind : ''], ['category', d.cat],
                ['scope', d.scope], ['params', num(d.params)],
                ['shared params', num(d.shared_params)],
                ['ops', d.ops > 1 ? num(d.ops) : ''], ['copies', d.copies > 1 ? d.copies : ''],
                ['activation', d.activation]]);
    if (d.attrs && d.attrs.length) {
      info.appendChild(el('h3', 'attributes'));
      rows(info, d.attrs);
    }
    list(info, 'inputs', (d['in'] || []).map(tensorText));
    list(info, 'outputs', (d.out || []).map(tensorText));
    list(info, 'holds ' + (d.holds || []).length + ' ops (pattern)',
         (d.holds || []).map(function (o) { return o[0] + (o[1] ? ' ' + o[1] : ''); }));
    list(info, 'fused ops', (d.fused || []).map(function (o) {
      return o[0] + (o[1] ? ' ' + o[1] : '') + (o[2] ? ' (weight)' : '');
    }));
    list(info, 'shape from', d.shape_from);
    if (d.tip) info.appendChild(el('pre', d.tip));
  }
  function nameOf(id) {
    var n = byId[id];
    return n ? (n.d.name || n.d.op || id) : id;
  }
  function fillEdge(d) {
    info.appendChild(el('h2', d.tensor || (d.kind ? d.kind + ' edge' : 'edge')));
    rows(info, [['kind', d.kind || 'data'], ['shape', d.shape], ['dtype', d.dtype],
                ['from', d.from ? nameOf(d.from) : ''], ['to', d.to ? nameOf(d.to) : '']]);
    if (d.tip) info.appendChild(el('pre', d.tip));
  }
  function show(g) {
    var item = byId[g.id];
    info.textContent = '';
    if (pinned === g) info.appendChild(el('div', 'pinned · Esc or click the background to unpin', 'gg-pin'));
    if (item.kind === 'node') fillNode(item.d);
    else if (item.kind === 'edge') fillEdge(item.d);
    else {
      info.appendChild(el('h2', item.d.label || 'cluster'));
      if (item.d.tip) info.appendChild(el('pre', item.d.tip));
    }
    info.hidden = false;
  }
  function setHover(g) {
    if (hovered === g) return;
    if (hovered) hovered.classList.remove('gg-hover');
    hovered = g;
    if (g) g.classList.add('gg-hover');
    if (pinned) return;
    if (g) show(g); else info.hidden = true;
  }
  function unpin() {
    if (pinned) pinned.classList.remove('gg-pinned');
    pinned = null;
    if (hovered) show(hovered); else info.hidden = true;
  }
  function pin(g) {
    if (pinned) pinned.classList.remove('gg-pinned');
    pinned = g;
    g.classList.add('gg-pinned');
    show(g);
  }
  function click(target) {
    var g = itemOf(target);
    if (g && g !== pinned) pin(g); else unpin();
  }
  svg.addEventListener('pointerover', function (e) {
    if (drag && drag.moved) return;
    var g = itemOf(e.target);
    setHover(g && !g.classList.contains('cluster') ? g : null);
  });
  svg.addEventListener('pointerleave', function () { setHover(null); });

  // Boxes with no data (the diagram's own legend) are no search candidates: never dimmed.
  svg.querySelectorAll('g.node').forEach(function (g) {
    if (!byId[g.id]) g.classList.add('gg-key');
  });

  // Thin edges are hard to hit: a wide transparent copy of each path takes the pointer.
  // Past this many edges the copies cost more than they help.
  var edges = svg.querySelectorAll('g.edge');
  if (edges.length <= 20000) {
    edges.forEach(function (g) {
      var p = g.querySelector('path');
      if (!p) return;
      var hit = p.cloneNode(false);
      hit.setAttribute('class', 'gg-hit');
      hit.removeAttribute('stroke-dasharray');
      g.appendChild(hit);
    });
  }

  // ---- search: name, op type, what a box holds; case-insensitive ----
  var matches = [], current = -1;
  function haystack(d) {
    var parts = [d.name, d.op, d.detail, d.tip];
    (d.holds || []).concat(d.fused || []).forEach(function (o) { parts.push(o[0], o[1]); });
    return parts.filter(Boolean).join('\n').toLowerCase();
  }
  var hay = (data.nodes || []).map(function (d) { return [d.id, haystack(d)]; });
  function clearMarks() {
    matches.forEach(function (g) { g.classList.remove('gg-match', 'gg-current'); });
    matches = [];
    current = -1;
  }
  function runSearch() {
    clearMarks();
    var q = search.value.trim().toLowerCase();
    svg.classList.toggle('gg-searching', q !== '');
    if (q) {
      hay.forEach(function (h) {
        if (h[1].indexOf(q) < 0) return;
        var g = doc.getElementById(h[0]);
        if (g) { g.classList.add('gg-match'); matches.push(g); }
      });
    }
    count.textContent = q ? (matches.length ? '0/' : '') + matches.length + ' found' : '';
    doc.body.setAttribute('data-gg-matches', String(matches.length));
  }
  function step(delta) {
    if (!matches.length) return false;
    if (current >= 0) matches[current].classList.remove('gg-current');
    current = (current + delta + matches.length) % matches.length;
    var g = matches[current];
    g.classList.add('gg-current');
    count.textContent = (current + 1) + '/' + matches.length + ' found';
    if (!pinned) show(g);  // first: the panel narrows the view it is centred in
    showItem(g);
    return true;
  }
  search.addEventListener('input', runSearch);
  search.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' || (e.key === 'Tab' && matches.length)) {
      e.preventDefault();
      step(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape') {
      search.value = '';
      runSearch();
      search.blur();
    }
  });

  // ---- side panel: legend, grouping, provenance ----
  function fillSide() {
    var legend = doc.getElementById('gg-legend');
    (data.legend || []).forEach(function (c) {
      var row = el('div');
      var sw = el('span', null, 'gg-swatch');
      sw.style.background = c[1];
      sw.style.borderColor = c[2];
      row.appendChild(sw);
      row.appendChild(doc.createTextNode(c[0]));
      legend.appendChild(row);
    });
    (data.edge_kinds || []).forEach(function (c) {
      var row = el('div');
      var ln = el('span', null, 'gg-line' + (c[2] ? ' gg-' + c[2] : ''));
      ln.style.borderTopColor = c[1];
      row.appendChild(ln);
      row.appendChild(doc.createTextNode(c[0]));
      legend.appendChild(row);
    });
    var groups = doc.getElementById('gg-groups');
    groups.appendChild(el('div', data.verdict || 'grouping not run'));
    if (data.explain) groups.appendChild(el('pre', data.explain));
    var about = doc.getElementById('gg-about');
    rows(about, (data.provenance || []).filter(function (p) { return p[0] !== 'model-nodes'; }));
  }
  function toggleSide(open) {
    side.hidden = open === undefined ? !side.hidden : !open;
    doc.getElementById('gg-side-button').setAttribute('aria-pressed', String(!side.hidden));
  }

  // ---- buttons and keys ----
  var actions = {
    'zoom-in': function () { var c = center(); zoomAt(1.25, c[0], c[1]); },
    'zoom-out': function () { var c = center(); zoomAt(0.8, c[0], c[1]); },
    'fit': fit,
    'actual': actual,
    'side': function () { toggleSide(); }
  };
  doc.querySelectorAll('#gg-bar button[data-act]').forEach(function (b) {
    b.addEventListener('click', function () { actions[b.getAttribute('data-act')](); });
  });
  doc.addEventListener('keydown', function (e) {
    if (e.target === search || e.ctrlKey || e.metaKey || e.altKey) return;
    var key = e.key;
    if (key === '+' || key === '=') actions['zoom-in']();
    else if (key === '-' || key === '_') actions['zoom-out']();
    else if (key === '0') fit();
    else if (key === '1') actual();
    else if (key === '/') search.focus();
    else if (key === 'Escape') { unpin(); info.hidden = true; toggleSide(false); }
    else return;
    e.preventDefault();
  });
  window.addEventListener('resize', function () { if (!drag) apply(); });

  fillSide();
  initialView();
  // "page.html#search=conv" opens with that search run and its first match shown;
  // "#pin=node12" with that box (or edge12, cluster3) pinned and centred: a link to a
  // layer; "#side" (or "&side") with the legend and grouping panel open.
  window.location.hash.replace(/^#/, '').split('&').forEach(function (part) {
    var eq = part.indexOf('=');
    var key = eq < 0 ? part : part.slice(0, eq), value = eq < 0 ? '' : part.slice(eq + 1);
    try { value = decodeURIComponent(value); } catch (err) { /* kept as written */ }
    if (key === 'side') toggleSide(true);
    if (key === 'pin') {
      var g = byId[value] ? doc.getElementById(value) : null;
      if (g) { pin(g); showItem(g); }
    }
    if (key !== 'search') return;
    search.value = value;
    runSearch();
    step(1);
  });
  doc.body.setAttribute('data-gg-boxes', String(svg.querySelectorAll('g.node').length));
  doc.body.setAttribute('data-gg-width', String(Math.round(svg.getBBox().width)));
  doc.body.setAttribute('data-gg-ready', '1');
})();
