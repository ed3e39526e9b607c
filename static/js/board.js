/*
 * Podium LED board. Renders the `standings` payload (protocol v1) only; the
 * connection, formatting and shared DOM builders are in live.js, those of
 * match stages (format "match": scoreboard, tables, bracket) in match-view.js.
 */
(function () {
  'use strict';

  var L = window.PodiumLive;
  var M = L.match;
  var Z = L.measured;
  var h = L.h;
  var t = L.strings('podium-strings');
  var root = document.getElementById('board');

  var MIN_FONT = 20;          // never smaller than this, whatever the canvas (read from afar)
  var PAGE_MS = window.PodiumTiming('page_ms', 8000);  // ranking page rotation
  var HOLD_MS = 90000;        // a match just finished stays on the scoreboard this long

  // Font and spacing sizes (px) at the reference canvas of each layout.
  var SIZES = {
    // reference 1920x1080 (wide) and 1080x1920 (tall)
    wide: { title: 52, status: 30, label: 36, name: 120, unit: 54, jname: 30, jval: 56,
            total: 210, tag: 36, row: 46, small: 28, pad: 28, gap: 22, line: 3, qr: 220,
            team: 92, digits: 300, mclock: 120, period: 56, banner: 60 },
    // reference 1280x256
    strip: { title: 24, status: 20, label: 24, name: 64, unit: 30, jname: 16, jval: 28,
             total: 80, tag: 22, row: 34, small: 20, pad: 10, gap: 12, line: 2, qr: 0,
             team: 44, digits: 150, mclock: 64, period: 24, banner: 32 }
  };

  function canvasDim(attr) {
    var v = parseInt(root.getAttribute(attr), 10);
    return v > 0 ? Math.max(64, Math.min(v, 16384)) : null;
  }
  var canvasW = canvasDim('data-canvas-w');
  var canvasH = canvasDim('data-canvas-h');

  var els = {
    head: root.querySelector('.b-head'),
    title: root.querySelector('.b-title'),
    clock: root.querySelector('.b-clock'),
    connText: root.querySelector('.b-conn-text'),
    cur: root.querySelector('.b-cur'),
    qr: root.querySelector('.b-qr'),   // absent when the server sends no QR
    rank: root.querySelector('.b-rank'),
    list: root.querySelector('.b-rank-list'),
    rankTitle: root.querySelector('.b-rank-title'),
    page: root.querySelector('.b-page'),
    match: root.querySelector('.b-match'),
    error: root.querySelector('.b-error')
  };

  var payload = null;
  var sizes = null;           // px sizes of the current layout
  var page = 0;
  var pages = 1;
  var pageSize = 1;
  var focusKey = null;
  var pageTimer = null;
  var results = null;         // a finished stage's results screen: 'podium' | 'ranking'
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
      // A small board has no room for it beside the entry and its judges.
      if (s.qr < 120) { qr = 'off'; }
    }

    root.setAttribute('data-layout', mode);
    root.setAttribute('data-qr', qr);
    var vars = {
      '--fs-title': s.title, '--fs-status': s.status, '--fs-label': s.label,
      '--fs-name': s.name, '--fs-unit': s.unit, '--fs-jname': s.jname, '--fs-jval': s.jval,
      '--fs-total': s.total, '--fs-tag': s.tag, '--fs-row': s.row, '--fs-small': s.small,
      '--pad': s.pad, '--gap': s.gap, '--line': s.line, '--qr': s.qr,
      '--row-h': s.rowH, '--rank-w': s.rankW,
      '--fs-team': s.team, '--fs-digits': s.digits, '--fs-mclock': s.mclock,
      '--fs-period': s.period, '--fs-banner': s.banner, '--fs-min': MIN_FONT
    };
    Object.keys(vars).forEach(function (name) {
      root.style.setProperty(name, vars[name] + 'px');
    });
    sizes = s;
    fitHead();
  }

  // The stage's title whole: the campaign's band title goes first, then its
  // logo, then the title shrinks.
  function fitHead() {
    fitRows([els.head], '.b-title', ['.b-band-title', '.b-band']);
  }

  /* ------------------------------------------------------------------ render */

  function relayout() {
    layout();
    if (!payload) { return; }
    if (M.isMatch(payload)) { renderMatch(true); }
    else if (Z.isMeasured(payload)) { renderMeasured(); }
    else { renderCurrent(true); renderRows(); }
  }

  function render() {
    if (!payload) { return; }
    if (!els.title.textContent.trim()) {
      L.setText(els.title, [payload.event_name, payload.stage_name].filter(Boolean).join(' · '));
      fitHead();
    }
    var match = M.isMatch(payload);
    root.setAttribute('data-format', payload.format === 'measured' ? 'measured' : (match ? 'match' : 'judged'));
    if (match) { renderMatch(false); return; }
    if (Z.isMeasured(payload)) { renderMeasured(); return; }
    renderCurrent(false);
    renderRows();
  }

  function renderCurrent(force) {
    var cur = payload.current;
    var finished = L.fmt.stageFinished(payload);
    var podium = finished ? payload.rows : null;
    if (!currentChanged([cur, sizes, podium]) && !force) { return; }
    setFinished(finished);
    var node = finished ? L.view.finished(payload, t) : L.view.current(cur, t, shouldReveal(cur));
    if (els.qr) { node.appendChild(els.qr); }
    els.cur.replaceChildren(node);
    if (finished) { fitPodium(node); } else { fitCurrent(node); }
  }

  // A finished stage's results screen: the podium first, then the whole
  // ranking page by page, then the podium again (nextPage).
  function setFinished(finished) {
    root.setAttribute('data-finished', finished ? 'true' : 'false');
    if (finished && !results) { results = 'podium'; restartTimer(); }
    if (!finished) { results = null; }
    if (results) { root.setAttribute('data-results', results); } else { root.removeAttribute('data-results'); }
    L.view.rankTitle(els.rankTitle, finished, t);
  }

  // The podium's text shrinks together until every name and unit fits its
  // row (bigger when it has the board to itself) and the rows its height.
  function fitPodium(node) {
    var podium = node.querySelector('.pd-podium');
    var whole = root.getAttribute('data-layout') !== 'strip';
    var size = L.fitText(podium, whole ? sizes.name * 0.6 : sizes.unit, MIN_FONT,
                         podium.querySelectorAll('.pd-podium-name, .pd-podium-unit'));
    for (var g = 0; g < 20 && size > MIN_FONT && podium.scrollHeight > podium.clientHeight + 1; g++) {
      size = Math.max(MIN_FONT, Math.floor(size * 0.93));
      podium.style.fontSize = size + 'px';
    }
  }

  // Fit the current entry into its box: names and totals to their width,
  // then everything smaller step by step while the block overflows its height.
  function fitCurrent(node) {
    var name = node.querySelector('.pd-cur-name');
    var sub = node.querySelector('.pd-cur-sub');
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
      if (sub) {   // a long unit ("硕督镇达翁村第二村民小组") smaller, not cut
        L.fitText(sub, Math.max(MIN_FONT, Math.round(sizes.unit * scale)), MIN_FONT);
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
    var curEntry = cur && !L.fmt.stageFinished(payload) ? cur.entry : null;   // no one is on stage after the end
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
    fitRows(els.list.querySelectorAll('.pd-row.is-on'), '.pd-row-name',
            ['.pd-row-unit', '.pd-row-name-bo', '.pd-tag-provisional', '.pd-row-tb']);
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

  // Rows whose text does not fit: their secondary parts go first, one at a
  // time in the order given (a unit, a Tibetan name, a tag), then a name
  // still too long shrinks (never under MIN_FONT). A name is never cut to
  // make room for a secondary part (measured on the rows now shown).
  function fitRows(rows, nameSel, dropSels) {
    Array.prototype.forEach.call(rows, function (row) {
      var names = nameSel ? Array.prototype.slice.call(row.querySelectorAll(nameSel)) : [];
      var drops = [];
      dropSels.forEach(function (sel) {
        drops = drops.concat(Array.prototype.slice.call(row.querySelectorAll(sel)));
      });
      drops.forEach(function (el) { el.classList.remove('is-omitted'); });
      names.forEach(function (el) { el.style.fontSize = ''; });
      for (var i = 0; i < drops.length && (names.some(isCut) || drops.slice(i).some(isCut)); i++) {
        drops[i].classList.add('is-omitted');
      }
      // No secondary part left: the name takes its room too (.is-bare).
      row.classList.toggle('is-bare', drops.length > 0 && drops.every(function (el) {
        return el.classList.contains('is-omitted');
      }));
      names.forEach(function (el) {
        if (isCut(el)) { L.fitText(el, parseFloat(getComputedStyle(el).fontSize), MIN_FONT); }
      });
    });
    return !Array.prototype.some.call(rows, function (row) {
      return Array.prototype.some.call(nameSel ? row.querySelectorAll(nameSel) : [], isCut);
    });
  }

  // Is the element's text cut: wider than its box, or reaching past the box
  // that holds it (an inline part of a line)?
  function isCut(el) {
    if (el.classList.contains('is-omitted') || !el.getClientRects().length) { return false; }
    if (getComputedStyle(el).display !== 'inline' && L.spills(el)) { return true; }
    var holder = el.parentElement;
    while (holder && getComputedStyle(holder).display === 'contents') { holder = holder.parentElement; }
    var box = el.getBoundingClientRect();
    var room = holder.getBoundingClientRect();
    return box.right > room.right + 1 || box.left < room.left - 1;
  }

  function nextPage() {
    if (results && !M.isMatch(payload)) { nextResultsPage(); return; }
    if (pages > 1) {
      page = (page + 1) % pages;
      if (M.isMatch(payload)) { paginateTables(true); } else { paginate(true, null); }
    }
  }

  // Podium, ranking page 1 .. n, podium ...
  function nextResultsPage() {
    if (results === 'podium') { results = 'ranking'; page = 0; }
    else if (page + 1 < pages) { page += 1; }
    else { results = 'podium'; }
    root.setAttribute('data-results', results);
    if (results === 'ranking') { paginate(true, null); }
    else if (els.cur.querySelector('.pd-podium')) { fitPodium(els.cur.firstChild); }
  }

  function restartTimer() {
    if (pageTimer) { clearInterval(pageTimer); }
    pageTimer = setInterval(nextPage, PAGE_MS);
  }

  /* --------------------------------------------------------- measured stage */

  var freshResults = Z.freshTracker();

  // The current heat (lanes, results arriving, the server's clock, the latest
  // result) on the left; the stage's ranking, paged, on the right.
  function renderMeasured() {
    var fresh = freshResults(payload);
    var finished = Z.finished(payload);
    setFinished(finished);
    if (finished) {
      var podium = L.view.finished(payload, t);
      if (els.qr) { podium.appendChild(els.qr); }
      els.cur.replaceChildren(podium);
      fitPodium(podium);
      els.list.replaceChildren(Z.view.rows(payload, t, null));
      els.rank.classList.toggle('has-rows', true);
      paginate(false, null);
      return;
    }
    var hx = Z.heat(payload, payload.current_heat);
    var node = hx
      ? Z.view.heat(payload, hx, t, { nowMs: live.now().getTime(), clockId: 'race-clock', fresh: fresh })
      : h('section', { 'class': 'pz-heat is-empty' }, [h('div', { text: t('waiting_start_list') })]);
    var latest = Z.view.latest(payload, t, payload.latest && fresh[payload.latest.entry]);
    if (latest && hx) { node.appendChild(latest); }
    if (els.qr && hx) { node.appendChild(els.qr); }
    els.cur.replaceChildren(node);
    if (hx && root.getAttribute('data-layout') !== 'strip') { fitHeat(node, hx.results.length); }
    if (latest && hx) { fitRows([latest], '.pz-latest-who', ['.pz-latest-label']); }
    els.list.replaceChildren(Z.view.rows(payload, t, null));
    els.rank.classList.toggle('has-rows', (payload.rows || []).length > 0);
    paginate(false, null);
  }

  // Lanes share the panel's height: the font follows the number of lanes.
  function fitHeat(node, count) {
    var lanes = node.querySelector('.pz-lanes');
    var per = lanes.clientHeight / Math.max(count, 4);
    var size = Math.max(MIN_FONT, Math.round(Math.min(sizes.row * 1.3, per / 1.5)));
    node.style.setProperty('--fs-lane', size + 'px');
    L.fitText(lanes, size, Math.max(MIN_FONT, Math.round(size * 0.75)), lanes.querySelectorAll('.pz-lane-who'));
    fitRows(lanes.children, '.pz-lane-name', ['.pz-lane-unit', '.pz-lane-bo']);
    // The running time at most 60 % of the head, the heat's name beside it.
    var head = node.querySelector('.pz-heat-head');
    var clock = head.querySelector('.pz-clock-main');
    var px = sizes.mclock;
    clock.style.fontSize = '';
    for (var g = 0; g < 20 && clock.offsetWidth > head.clientWidth * 0.6 && px > MIN_FONT; g++) {
      px = Math.max(MIN_FONT, Math.floor(px * 0.9));
      clock.style.fontSize = px + 'px';
    }
    fitRows([head], '.pz-heat-name', ['.pz-heat-status']);
  }

  /* ------------------------------------------------------------ match stage */

  // ?fixture=KEY puts that fixture on the scoreboard while it is live.
  var wantedFixture = new URLSearchParams(window.location.search).get('fixture');
  var freshEvent = M.eventTracker();
  var scoreboardChanged = L.memo();
  var hold = null;            // {key, until}: the fixture last on the scoreboard
  var matchView = null;       // 'live' | 'table' | 'bracket'
  var matchFixture = null;    // key of the fixture on the scoreboard

  // The scoreboard's fixture: the wanted one when live, else the first live
  // one; a match that has just finished stays up for HOLD_MS.
  function scoreboardFixture() {
    var liveList = payload.live || [];
    var fx = liveList.filter(function (f) { return f.fixture === wantedFixture; })[0] || liveList[0] || null;
    if (fx) { hold = { key: fx.fixture, until: null }; return fx; }
    if (!hold) { return null; }
    var done = M.find(payload, hold.key);
    if (done && M.isDone(done)) {
      if (!hold.until) { hold.until = Date.now() + HOLD_MS; }
      if (Date.now() < hold.until) { return done; }
    }
    hold = null;
    return null;
  }

  function renderMatch(force) {
    var fx = scoreboardFixture();
    var view = fx ? 'live' : (M.isKnockout(payload) ? 'bracket' : 'table');
    if (view !== matchView) {
      matchView = view;
      force = true;
      page = 0;
      pages = 1;
      els.match.setAttribute('data-view', view);
    }
    matchFixture = fx ? fx.fixture : null;
    if (view === 'live') { renderScoreboard(fx, force); }
    else if (view === 'bracket') { renderBracket(); }
    else { renderTables(); }
  }

  function renderScoreboard(fx, force) {
    var fresh = freshEvent(fx);
    var others = (payload.live || []).filter(function (f) { return f.fixture !== fx.fixture; });
    if (!scoreboardChanged([fx, others, sizes]) && !force) { return; }
    var nowMs = live.now().getTime();
    var sb = M.view.scoreboard(payload, fx, t, { id: 'scoreboard', clockId: 'match-clock',
                                                nowMs: nowMs, fresh: fresh });
    var parts = [sb];
    if (others.length) {
      parts.push(h('div', { 'class': 'pm-more' }, [
        h('span', { 'class': 'pm-more-label', text: t('also_live') }),
        M.view.fixtures(payload, others, t, { clock: true, nowMs: nowMs })
      ]));
    }
    els.match.replaceChildren.apply(els.match, parts);
    fitScoreboard(sb);
  }

  // Names to their width, the score to at most half the board (three-digit
  // basketball scores), then everything smaller while it overflows.
  function fitScoreboard(sb) {
    var mode = root.getAttribute('data-layout');
    var score = sb.querySelector('.pm-sb-score');
    var names = sb.querySelectorAll('.pm-sb-name');
    var banner = sb.querySelector('.pm-banner');
    var keys = ['team', 'digits', 'mclock', 'period', 'banner', 'small', 'unit'];
    var scale = 1;
    for (var step = 0; step < 8; step++) {
      keys.forEach(function (key) {
        sb.style.setProperty('--fs-' + key, Math.max(MIN_FONT, Math.round(sizes[key] * scale)) + 'px');
      });
      var digits = Math.round(sizes.digits * scale);
      var maxW = sb.clientWidth * (mode === 'strip' ? 0.26 : (mode === 'tall' ? 0.9 : 0.5));
      for (var g = 0; g < 30 && score.offsetWidth > maxW && digits > MIN_FONT; g++) {
        digits = Math.max(MIN_FONT, Math.floor(digits * 0.93));
        sb.style.setProperty('--fs-digits', digits + 'px');
      }
      var team = sizes.team * scale;
      Array.prototype.forEach.call(names, function (n) { fitName(n, team); });
      fitRows(sb.querySelectorAll('.pm-sb-team'), null, ['.pm-sb-sub']);   // a Tibetan name that does not fit goes
      if (banner) { L.fitText(banner, sizes.banner * scale, MIN_FONT); fitBannerHeight(banner); }
      if (!overflowsBottom(sb)) { break; }
      scale *= 0.9;
    }
  }

  // The strip's banner wraps: smaller while its lines are taller than the
  // strip, then without the player's name.
  function fitBannerHeight(banner) {
    var taller = function () { return banner.scrollHeight > banner.clientHeight + 1; };
    var px = parseFloat(banner.style.fontSize) || sizes.banner;
    banner.querySelectorAll('.pm-banner-player').forEach(function (p) { p.classList.remove('is-omitted'); });
    for (var g = 0; g < 20 && px > MIN_FONT && taller(); g++) {
      px = Math.max(MIN_FONT, Math.floor(px * 0.93));
      banner.style.fontSize = px + 'px';
    }
    if (taller()) {
      banner.querySelectorAll('.pm-banner-player').forEach(function (p) { p.classList.add('is-omitted'); });
    }
  }

  // A team's name on one line; a long one ("洛隆县硕督镇达翁村篮球代表队")
  // on two lines when one line would make it much smaller than the other's.
  function fitName(n, max) {
    var min = Math.max(MIN_FONT, Math.round(max * 0.4));
    n.classList.remove('is-two-lines');
    var size = L.fitText(n, max, min);
    if (size >= max * 0.62) { fitExactly(n, size); return; }
    n.classList.add('is-two-lines');
    size = Math.round(max * 0.8);
    n.style.fontSize = size + 'px';
    // (line boxes, not glyph ink: CJK glyphs overflow their line a little)
    for (var g = 0; g < 30 && size > min &&
         (n.getBoundingClientRect().height > size * 1.15 * 2.5 || n.scrollWidth > n.clientWidth + 1); g++) {
      size = Math.max(min, Math.floor(size * 0.93));
      n.style.fontSize = size + 'px';
    }
  }

  // fitText compares whole pixels; an ellipsis shows for a fraction of one.
  function fitExactly(el, size) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var text = range.getBoundingClientRect().width;
    var box = el.getBoundingClientRect().width;
    if (text > box && size > MIN_FONT) {
      el.style.fontSize = Math.max(MIN_FONT, Math.floor(size * box / text) - 1) + 'px';
    }
  }

  // Between matches: the tables (paged) beside the latest results and the
  // next fixtures.
  function renderTables() {
    var fixtures = payload.fixtures || [];
    var done = fixtures.filter(M.isDone).reverse();
    var next = fixtures.filter(function (f) { return !M.isDone(f) && f.status !== 'live'; });
    var rows = payload.rows || [];
    var tables = h('section', { 'class': 'pm-panel pm-tables-panel' + (rows.length ? ' has-rows' : '') }, [
      h('div', { 'class': 'b-rank-head' }, [
        h('h2', { 'class': 'b-rank-title', text: t('standings') }),
        h('span', { 'class': 'b-page pm-page' })
      ]),
      rows.length ? M.view.tables(payload, t)
        : h('p', { 'class': 'b-rank-empty', text: t('no_matches') })
    ]);
    var section = function (kind, title, list) {
      return h('section', { 'class': 'pm-fx-sec is-' + kind }, [
        h('h2', { 'class': 'pm-fx-title', text: title }),
        M.view.fixtures(payload, list, t, {})
      ]);
    };
    var side = h('section', { 'class': 'pm-panel pm-fx-panel' }, [
      section('results', t('latest_results'), done),
      section('next', t('next_matches'), next)
    ]);
    // The phones' QR code under the fixtures, where the board has room for it.
    if (els.qr && root.getAttribute('data-qr') === 'on' && root.getAttribute('data-layout') !== 'strip') {
      side.appendChild(els.qr);
    }
    els.match.replaceChildren(tables, side);
    fitTableHeads(tables);
    fitFixtureLists(side, done.length, next.length);
    paginateTables(false);
  }

  // Number columns as wide as their widest header word (a Tibetan header
  // wraps between its words; the team column gives way).
  function fitTableHeads(panel) {
    var box = panel.querySelector('.pm-tables');
    if (!box) { return; }
    box.style.removeProperty('--head-w');
    var widest = 0;
    Array.prototype.forEach.call(box.querySelectorAll('.pm-thead .pm-c-num'), function (el) {
      el.style.width = 'min-content';
      widest = Math.max(widest, el.getBoundingClientRect().width);
      el.style.width = '';
    });
    box.style.setProperty('--head-w', Math.ceil(widest) + 'px');
    // Too little room left for the teams' names (under 5 of its characters):
    // the columns of won, drawn, lost, for and against go.
    var team = box.querySelector('.pm-row .pm-c-team');
    var narrow = !box.classList.contains('is-narrow') && team &&
      team.clientWidth < 5 * parseFloat(getComputedStyle(box).fontSize);
    if (narrow) { box.classList.add('is-narrow'); fitTableHeads(panel); }
  }

  // Pages of table rows: a group's heading comes again on every page its
  // rows reach. All rows stay in the DOM (data-page), the others hidden.
  function paginateTables(turning) {
    var box = els.match.querySelector('.pm-tables');
    if (!box) { pages = 1; page = 0; return; }
    var groups = box.querySelectorAll('.pm-group');
    Array.prototype.forEach.call(groups, function (g) { g.classList.remove('is-off'); });
    var avail = box.clientHeight;
    var rowH = rowHeight(box.querySelector('.pm-row'));
    var headH = groups.length ? groups[0].querySelector('.pm-thead').offsetHeight : 0;
    var pg = 0;
    var used = 0;
    Array.prototype.forEach.call(groups, function (g) {
      var rows = g.querySelectorAll('.pm-row');
      var whole = headH + rows.length * rowH;
      // A group starts a new page when it would fit whole there but not here.
      if (used > 0 && (used + sizes.gap + headH + rowH > avail ||
                       (used + sizes.gap + whole > avail && whole <= avail))) { pg += 1; used = 0; }
      used += (used > 0 ? sizes.gap : 0) + headH;
      Array.prototype.forEach.call(rows, function (r) {
        if (used + rowH > avail && used > headH + 1) { pg += 1; used = headH; }
        used += rowH;
        r.setAttribute('data-page', String(pg + 1));
      });
    });
    pages = pg + 1;
    if (page >= pages) { page = 0; }
    Array.prototype.forEach.call(groups, function (g) {
      var any = false;
      Array.prototype.forEach.call(g.querySelectorAll('.pm-row'), function (r, i) {
        var on = r.getAttribute('data-page') === String(page + 1);
        r.classList.toggle('is-on', on);
        r.classList.toggle('is-off', !on);
        r.classList.toggle('is-alt', i % 2 === 1);
        any = any || on;
      });
      g.classList.toggle('is-off', !any);
    });
    // Names of the page shown a little smaller rather than cut; then tags
    // that are left too little room go.
    var names = box.querySelectorAll('.pm-row.is-on .pm-row-name');
    var font = rowFont();
    L.fitText(box, font, Math.max(MIN_FONT, Math.round(font * 0.8)), names);
    fitRows(box.querySelectorAll('.pm-row.is-on'), '.pm-row-name', ['.pm-row-sub', '.pm-row-tb']);
    var pageEl = els.match.querySelector('.pm-page');
    pageEl.textContent = pages > 1 ? t('page', { page: page + 1, pages: pages }) : '';
    pageEl.setAttribute('data-page', String(page + 1));
    pageEl.setAttribute('data-pages', String(pages));
    box.classList.remove('is-turning');
    if (turning) {
      void box.offsetWidth;   // restart the CSS animation
      box.classList.add('is-turning');
    }
  }

  // The tables' font before fitting: --fs-row (smaller in the strip).
  function rowFont() {
    var box = els.match.querySelector('.pm-tables');
    box.style.fontSize = '';
    return parseFloat(getComputedStyle(box).fontSize) || sizes.row;
  }

  // The height of a row as the stylesheet makes it (measured shown).
  function rowHeight(row) {
    if (!row) { return sizes.rowH; }
    var off = row.classList.contains('is-off');
    row.classList.remove('is-off');
    var height = row.offsetHeight || sizes.rowH;
    if (off) { row.classList.add('is-off'); }
    return height;
  }

  // As many latest results and next fixtures as the panel holds (about
  // half each when there are both); the rest hidden.
  function fitFixtureLists(panel, nDone, nNext) {
    var secs = panel.querySelectorAll('.pm-fx-sec');
    var titleH = secs[0].querySelector('.pm-fx-title').offsetHeight;
    var both = nDone > 0 && nNext > 0;
    var qr = panel.querySelector('.b-qr');
    var room = panel.clientHeight - titleH * (both ? 2 : 1) - (both ? sizes.gap : 0) -
      (qr ? qr.offsetHeight + sizes.gap : 0);
    var cap = Math.max(1, Math.floor(room / rowHeight(panel.querySelector('.pm-fx'))));
    var showNext = Math.min(nNext, Math.max(both ? Math.ceil(cap / 2) : cap, cap - nDone));
    var counts = [Math.min(nDone, cap - showNext), showNext];
    Array.prototype.forEach.call(secs, function (sec, i) {
      Array.prototype.forEach.call(sec.querySelectorAll('.pm-fx'), function (row, j) {
        row.classList.toggle('is-off', j >= counts[i]);
      });
      sec.hidden = counts[i] === 0;
    });
    // Long team names: the lists a little smaller, then without the group
    // and round, then the names smaller still, rather than cut.
    var shown = panel.querySelectorAll('.pm-fx:not(.is-off)');
    var names = panel.querySelectorAll('.pm-fx:not(.is-off) .pm-fx-name');
    L.fitText(panel, sizes.row * 0.9, Math.max(MIN_FONT, Math.round(sizes.row * 0.7)), names);
    // A board too small for the names whole shows the tables alone.
    panel.classList.remove('no-meta');
    var whole = fitRows(shown, '.pm-fx-name', ['.pm-fx-meta']);
    if (panel.querySelector('.pm-fx-meta.is-omitted')) {   // one row without: none with (aligned)
      panel.classList.add('no-meta');
      whole = fitRows(shown, '.pm-fx-name', []);
    }
    els.match.setAttribute('data-fixtures', whole ? 'on' : 'off');
  }

  // A knockout: every round side by side (the strip shows the round now
  // being played), the font sized to the largest round.
  // A small board that cannot hold every round drops the rounds already
  // played (their winners are in the next round).
  function renderBracket() {
    var br = M.view.bracket(payload, t);
    els.match.replaceChildren(br);
    if (!fitBracket(br)) {
      var past = true;
      Array.prototype.forEach.call(br.querySelectorAll('.pm-br-round'), function (r) {
        past = past && !r.classList.contains('is-focus');
        r.classList.toggle('is-past', past);
      });
      fitBracket(br);
    }
  }

  // The font of the bracket from its largest round; false when it does not fit.
  function fitBracket(br) {
    var strip = root.getAttribute('data-layout') === 'strip';
    var roundEls = br.querySelectorAll(strip ? '.pm-br-round.is-focus' : '.pm-br-round:not(.is-past)');
    var most = 1;
    Array.prototype.forEach.call(roundEls, function (r) {
      most = Math.max(most, r.querySelectorAll('.pm-br-match').length);
    });
    var byH = strip ? br.clientHeight / 4.6 : br.clientHeight / (1.8 + most * 3.9);
    var byW = strip ? br.clientWidth / (most * 9) : br.clientWidth / (roundEls.length * 8.5);
    var size = Math.max(MIN_FONT, Math.round(Math.min(sizes.row, byH, byW)));
    var overflowing = function () {
      return Array.prototype.some.call(roundEls, function (r) {
        return r.scrollHeight > r.clientHeight + 1 || r.lastChild.scrollHeight > r.lastChild.clientHeight + 1;
      }) || br.scrollWidth > br.clientWidth + 1;
    };
    br.style.setProperty('--fs-br', size + 'px');
    for (var g = 0; g < 20 && size > MIN_FONT && overflowing(); g++) {
      size = Math.max(MIN_FONT, Math.floor(size * 0.93));
      br.style.setProperty('--fs-br', size + 'px');
    }
    return !overflowing();
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
    // The finished match's time on the scoreboard is up.
    if (hold && hold.until && Date.now() >= hold.until && M.isMatch(payload)) { renderMatch(false); }
  }

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    if (canvasW && canvasH) { return; }
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(relayout, 120);
  });

  layout();
  var logo = root.querySelector('.b-band-logo');
  if (logo && !logo.complete) { logo.addEventListener('load', fitHead); }   // its width is known then
  tick();
  setInterval(tick, 1000);
  M.ticker(root, live.payload, live.now, 200);
  Z.ticker(root, live.payload, live.now, t, 100);
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
        format: root.getAttribute('data-format'),
        view: matchView,
        fixture: matchFixture,
        page: page + 1,
        pages: pages,
        pageSize: pageSize,
        results: results,
        stats: live.stats()
      };
    },
    resync: live.resync,
    nextPage: nextPage,
    socket: live.socket
  };
})();
