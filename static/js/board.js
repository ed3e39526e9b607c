/*
 * Podium LED board. Renders the `standings` payload (protocol v1) only; the
 * connection, formatting and shared DOM builders are in live.js.
 */
(function () {
  'use strict';

  var L = window.PodiumLive;
  var t = L.strings('podium-strings');
  var root = document.getElementById('board');

  var MIN_FONT = 14;          // never smaller than this, whatever the canvas
  var PAGE_MS = 8000;         // ranking page rotation

  // Font and spacing sizes (px) at the reference canvas of each layout.
  var SIZES = {
    // reference 1920x1080 (wide) and 1080x1920 (tall)
    wide: { title: 52, status: 30, label: 36, name: 120, unit: 54, jname: 30, jval: 56,
            total: 210, tag: 36, row: 46, small: 28, pad: 28, gap: 22, line: 3, qr: 220 },
    // reference 1280x256
    strip: { title: 24, status: 20, label: 24, name: 64, unit: 30, jname: 16, jval: 28,
             total: 80, tag: 22, row: 34, small: 20, pad: 10, gap: 12, line: 2, qr: 0 }
  };

  function canvasDim(attr) {
    var v = parseInt(root.getAttribute(attr), 10);
    return v > 0 ? Math.max(64, Math.min(v, 16384)) : null;
  }
  var canvasW = canvasDim('data-canvas-w');
  var canvasH = canvasDim('data-canvas-h');

  var els = {
    title: root.querySelector('.b-title'),
    clock: root.querySelector('.b-clock'),
    connText: root.querySelector('.b-conn-text'),
    cur: root.querySelector('.b-cur'),
    qr: root.querySelector('.b-qr'),   // absent when the server sends no QR
    rank: root.querySelector('.b-rank'),
    list: root.querySelector('.b-rank-list'),
    page: root.querySelector('.b-page'),
    error: root.querySelector('.b-error')
  };

  var payload = null;
  var sizes = null;           // px sizes of the current layout
  var page = 0;
  var pages = 1;
  var pageSize = 1;
  var focusKey = null;
  var pageTimer = null;
  var shouldReveal = L.revealTracker();
  var currentChanged = L.memo();

  /* ------------------------------------------------------------------ layout */

  function canvasSize() {
    return { w: canvasW || window.innerWidth, h: canvasH || window.innerHeight };
  }

  function layout() {
    var c = canvasSize();
    var aspect = c.w / c.h;
    var mode = aspect >= 3.2 ? 'strip' : (aspect < 1.1 ? 'tall' : 'wide');
    var k;
    if (mode === 'strip') { k = Math.min(c.h / 256, c.w / 1280); }
    else if (mode === 'wide') { k = Math.min(c.w / 1920, c.h / 1080); }
    else { k = Math.min(c.w / 1080, c.h / 1920); }
    // Small canvases are seen from as far away: scale text down less.
    if (k < 1) { k = k * (1 + 0.5 * Math.min(0.8, 1 - k)); }

    var base = SIZES[mode === 'strip' ? 'strip' : 'wide'];
    var s = {};
    Object.keys(base).forEach(function (key) {
      var v = base[key] * k;
      if (key === 'line') { s[key] = Math.max(1, Math.round(v)); }
      else if (key === 'pad' || key === 'gap' || key === 'qr') { s[key] = Math.round(v); }
      else { s[key] = Math.max(MIN_FONT, Math.round(v)); }
    });
    s.rowH = Math.round(s.row * 1.72);
    s.rankW = Math.round(s.row * 1.9);

    var qr = els.qr ? 'on' : 'off';
    if (mode === 'strip') {
      // Only when the strip is wide enough to spare a square for it.
      if (aspect >= 5.6) { s.qr = c.h - 2 * s.pad; } else { qr = 'off'; }
    } else {
      s.qr = Math.min(s.qr, Math.round(c.h * (mode === 'tall' ? 0.16 : 0.24)));
      if (s.qr < 72) { qr = 'off'; }
    }

    root.setAttribute('data-layout', mode);
    root.setAttribute('data-qr', qr);
    var vars = {
      '--fs-title': s.title, '--fs-status': s.status, '--fs-label': s.label,
      '--fs-name': s.name, '--fs-unit': s.unit, '--fs-jname': s.jname, '--fs-jval': s.jval,
      '--fs-total': s.total, '--fs-tag': s.tag, '--fs-row': s.row, '--fs-small': s.small,
      '--pad': s.pad, '--gap': s.gap, '--line': s.line, '--qr': s.qr,
      '--row-h': s.rowH, '--rank-w': s.rankW
    };
    Object.keys(vars).forEach(function (name) {
      root.style.setProperty(name, vars[name] + 'px');
    });
    sizes = s;
    L.fitText(els.title, s.title, Math.max(MIN_FONT, Math.round(s.title * 0.6)));
  }

  /* ------------------------------------------------------------------ render */

  function relayout() {
    layout();
    if (payload) { renderCurrent(true); renderRows(); }
  }

  function render() {
    if (!payload) { return; }
    if (!els.title.textContent.trim()) {
      L.setText(els.title, [payload.event_name, payload.stage_name].filter(Boolean).join(' · '));
      L.fitText(els.title, sizes.title, Math.max(MIN_FONT, Math.round(sizes.title * 0.6)));
    }
    renderCurrent(false);
    renderRows();
  }

  function renderCurrent(force) {
    var cur = payload.current;
    if (!currentChanged([cur, sizes]) && !force) { return; }
    var node = L.view.current(cur, t, shouldReveal(cur));
    if (els.qr) { node.appendChild(els.qr); }
    els.cur.replaceChildren(node);
    fitCurrent(node);
  }

  // Fit the current entry into its box: names and totals to their width,
  // then everything smaller step by step while the block overflows its height.
  function fitCurrent(node) {
    var name = node.querySelector('.pd-cur-name');
    var judges = node.querySelector('.pd-judges');
    var total = node.querySelector('.pd-score-total');
    var score = node.querySelector('.pd-score');
    var scale = 1;
    for (var step = 0; step < 6; step++) {
      ['label', 'unit', 'jname', 'jval', 'tag', 'small'].forEach(function (key) {
        node.style.setProperty('--fs-' + key, Math.max(MIN_FONT, Math.round(sizes[key] * scale)) + 'px');
      });
      node.style.setProperty('--fs-name', Math.round(sizes.name * scale) + 'px');
      node.style.setProperty('--fs-total', Math.round(sizes.total * scale) + 'px');
      if (name) {
        var nameMax = sizes.name * scale * (name.getAttribute('lang') === 'bo' ? 0.92 : 1);
        L.fitText(name, nameMax, Math.max(MIN_FONT, Math.round(sizes.name * 0.4)));
      }
      if (judges && judges.children.length) {
        fitJudges(judges, sizes.jval * scale, step === 0);
      }
      if (total && score) {
        // In the strip the score's parts are cells of the entry's grid.
        var box = getComputedStyle(score).display === 'contents' ? node : score;
        L.fitText(total, sizes.total * scale, Math.round(sizes.total * 0.4), [box]);
      }
      if (!overflowsBottom(node)) { break; }
      scale *= 0.9;
    }
  }

  // Do the boxes of the block's children reach below it? (Boxes, not glyph
  // ink: a big total's font overflows its line box without harm.)
  function overflowsBottom(node) {
    var bottom = node.getBoundingClientRect().bottom + 1;
    for (var i = 0; i < node.children.length; i++) {
      var kids = node.children[i].getClientRects();
      if (kids.length && node.children[i].getBoundingClientRect().bottom > bottom) { return true; }
    }
    return false;
  }

  // One row of judges' boxes; two rows (wide and tall layouts) when one row
  // would shrink the values below 60 % of their size. Decided at full size
  // (first pass), kept while the block is scaled down.
  function fitJudges(judges, maxPx, decide) {
    var boxes = judges.children;
    if (!decide) { L.fitText(judges, maxPx, MIN_FONT, boxes); return; }
    judges.removeAttribute('data-rows');
    var size = L.fitText(judges, maxPx, MIN_FONT, boxes);
    if (size >= maxPx * 0.6 || boxes.length < 4 || root.getAttribute('data-layout') === 'strip') {
      return;
    }
    judges.setAttribute('data-rows', '2');
    judges.style.setProperty('--per-row', String(Math.ceil(boxes.length / 2)));
    L.fitText(judges, maxPx, MIN_FONT, boxes);
  }

  function renderRows() {
    var rows = payload.rows || [];
    var cur = payload.current;
    var curEntry = cur ? cur.entry : null;
    els.list.replaceChildren(L.view.rows(rows, t, curEntry));
    els.rank.classList.toggle('has-rows', rows.length > 0);

    // When the current entry's result appears or changes, show its page.
    var key = cur ? [cur.entry, cur.complete, cur.locked, cur.total].join('|') : null;
    var focus = key !== focusKey ? curEntry : null;
    focusKey = key;
    paginate(false, focus);
  }

  /* ------------------------------------------------------------------ paging */

  function paginate(turning, focusEntry) {
    var items = els.list.children;
    var n = items.length;
    var avail = els.list.clientHeight;
    pageSize = Math.max(1, Math.floor((avail + 1) / sizes.rowH));
    pages = Math.max(1, Math.ceil(n / pageSize));
    if (focusEntry) {
      for (var f = 0; f < n; f++) {
        if (items[f].getAttribute('data-entry') === focusEntry) {
          var target = Math.floor(f / pageSize);
          if (target !== page) { page = target; turning = true; restartTimer(); }
          break;
        }
      }
    }
    if (page >= pages) { page = 0; }
    // Spread the rows of a full page over the height (up to 1.3x their size).
    var fill = Math.min(Math.floor(avail / pageSize), Math.round(sizes.rowH * 1.3));
    els.list.style.setProperty('--row-h', Math.max(sizes.rowH, fill) + 'px');
    for (var i = 0; i < n; i++) {
      var on = Math.floor(i / pageSize) === page;
      items[i].classList.toggle('is-on', on);
      items[i].classList.toggle('is-off', !on);
      items[i].setAttribute('data-page', String(Math.floor(i / pageSize) + 1));
    }
    squeeze();
    els.page.textContent = pages > 1 ? t('page', { page: page + 1, pages: pages }) : '';
    els.page.setAttribute('data-page', String(page + 1));
    els.page.setAttribute('data-pages', String(pages));
    // Rows fade in on a page turn only, not on every update.
    els.list.classList.remove('is-turning');
    if (turning) {
      void els.list.offsetWidth;   // restart the CSS animation
      els.list.classList.add('is-turning');
    }
  }

  // A unit or tie-break tag left with a sliver of room is hidden, not cut to
  // a meaningless glyph (measured on the rows now shown).
  function squeeze() {
    var cells = els.list.querySelectorAll('.pd-row.is-on .pd-row-sub, .pd-row.is-on .pd-row-tb');
    Array.prototype.forEach.call(cells, function (c) {
      c.classList.remove('is-squeezed');
      var em = parseFloat(getComputedStyle(c).fontSize) || 16;
      if (c.scrollWidth > c.clientWidth + 1 && c.clientWidth < em * 3) {
        c.classList.add('is-squeezed');
      }
    });
  }

  function nextPage() {
    if (pages > 1) {
      page = (page + 1) % pages;
      paginate(true, null);
    }
  }

  function restartTimer() {
    if (pageTimer) { clearInterval(pageTimer); }
    pageTimer = setInterval(nextPage, PAGE_MS);
  }

  /* ------------------------------------------------------------- connection */

  var live = L.mount({
    root: root,
    t: t,
    connText: els.connText,
    errorEl: els.error,
    render: function (p) { payload = p; render(); }
  });

  function tick() {
    els.clock.textContent = L.fmt.clock(live.now(), false);
  }

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    if (canvasW && canvasH) { return; }
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(relayout, 120);
  });

  layout();
  tick();
  setInterval(tick, 1000);
  restartTimer();
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(relayout);
  }

  // Test and diagnostics hook.
  window.podiumBoard = {
    state: function () {
      return {
        seq: live.seq(),
        connection: live.state(),
        payload: live.payload(),
        layout: root.getAttribute('data-layout'),
        page: page + 1,
        pages: pages,
        pageSize: pageSize,
        stats: live.stats()
      };
    },
    resync: live.resync,
    nextPage: nextPage,
    socket: live.socket
  };
})();
