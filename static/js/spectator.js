/*
 * Podium spectators' phone page. Renders the `standings` payload (protocol v1)
 * only; the connection, formatting and shared DOM builders are in live.js,
 * those of match stages (format "match") in match-view.js.
 */
(function () {
  'use strict';

  var L = window.PodiumLive;
  var t = L.strings('podium-strings');
  var root = document.getElementById('spectator');

  var M = L.match;
  var Z = L.measured;

  var els = {
    connText: root.querySelector('.sp-conn-text'),
    error: root.querySelector('.sp-error'),
    cur: root.querySelector('.sp-cur'),
    rank: root.querySelector('.sp-rank'),
    list: root.querySelector('.sp-rank-list'),
    rankTitle: root.querySelector('.sp-rank .sp-rank-title > span'),
    count: root.querySelector('.sp-rank-count'),
    updated: root.querySelector('.sp-updated'),
    live: root.querySelector('.sp-live'),
    tables: root.querySelector('.sp-tables-body'),
    bracket: root.querySelector('.sp-bracket-body'),
    fixtures: root.querySelector('.sp-fixtures-body'),
    heats: root.querySelector('.sp-heats-body')
  };

  var shouldReveal = L.revealTracker();
  var currentChanged = L.memo();
  var freshEvent = M.eventTracker();

  function render(p) {
    var match = M.isMatch(p);
    root.setAttribute('data-format', Z.isMeasured(p) ? 'measured' : (match ? 'match' : 'judged'));
    if (match) { renderMatch(p); } else if (Z.isMeasured(p)) { renderMeasured(p); } else { renderJudged(p); }

    var sent = p.sent_at ? new Date(Date.parse(p.sent_at)) : null;
    els.updated.textContent = sent && !isNaN(sent.getTime())
      ? t('updated', { time: L.fmt.clock(sent, true) }) : '';
  }

  // Match stage: live fixtures on top (with their clocks), then the tables
  // (or the bracket of a knockout), then every fixture by round.
  function renderMatch(p) {
    var knockout = M.isKnockout(p);
    var nowMs = live ? live.now().getTime() : Date.now();
    root.setAttribute('data-knockout', knockout ? 'true' : 'false');
    els.live.replaceChildren.apply(els.live, (p.live || []).map(function (fx, i) {
      return M.view.scoreboard(p, fx, t, { id: i === 0 ? 'scoreboard' : null,
                                          clockId: i === 0 ? 'match-clock' : null,
                                          nowMs: nowMs, fresh: freshEvent(fx) });
    }));
    if (knockout) { renderBracket(p); }
    else { els.tables.replaceChildren(M.view.tables(p, t)); }
    els.tables.parentNode.hidden = !(p.rows || []).length;
    els.fixtures.replaceChildren((p.fixtures || []).length
      ? M.view.rounds(p, t, { nowMs: nowMs, clock: true })
      : L.h('p', { 'class': 'sp-rank-empty', text: t('no_matches') }));
  }

  // The bracket scrolls sideways: first to the round being played, then
  // it stays where the spectator left it.
  function renderBracket(p) {
    var before = els.bracket.querySelector('.pm-bracket');
    var br = M.view.bracket(p, t);
    els.bracket.replaceChildren(br);
    var focus = br.querySelector('.pm-br-round.is-focus');
    br.scrollLeft = before ? before.scrollLeft : (focus ? focus.offsetLeft - br.offsetLeft - 10 : 0);
  }

  // Measured stage: the latest result, every heat (the current one first,
  // with its clock) and the ranking with Q / q.
  var freshResults = Z.freshTracker();
  function renderMeasured(p) {
    var fresh = freshResults(p);
    var nowMs = live ? live.now().getTime() : Date.now();
    var heats = (p.heats || []).slice().sort(function (a, b) {
      return (b.heat === p.current_heat) - (a.heat === p.current_heat);
    });
    var parts = [Z.view.latest(p, t, p.latest && fresh[p.latest.entry])];
    heats.forEach(function (hx, i) {
      parts.push(Z.view.heat(p, hx, t, { nowMs: nowMs, fresh: fresh, clockId: i === 0 ? 'race-clock' : null }));
    });
    els.heats.replaceChildren.apply(els.heats, parts.filter(Boolean));
    // Every heat confirmed: the podium on top, the full ranking under it.
    var finished = Z.finished(p);
    root.setAttribute('data-finished', finished ? 'true' : 'false');
    if (finished) { els.cur.replaceChildren(L.view.finished(p, t)); }
    L.view.rankTitle(els.rankTitle, finished, t);
    var rows = p.rows || [];
    els.list.replaceChildren(Z.view.rows(p, t, null));
    els.rank.classList.toggle('has-rows', rows.length > 0);
    els.count.textContent = rows.length ? t('entries_count', { n: rows.length }) : '';
  }

  function renderJudged(p) {
    var cur = p.current;
    var finished = L.fmt.stageFinished(p);
    if (currentChanged([cur, finished ? p.rows : null])) {
      root.setAttribute('data-finished', finished ? 'true' : 'false');
      els.cur.replaceChildren(finished ? L.view.finished(p, t) : L.view.current(cur, t, shouldReveal(cur)));
      L.view.rankTitle(els.rankTitle, finished, t);
    }

    var rows = p.rows || [];
    els.list.replaceChildren(L.view.rows(rows, t, cur && !finished ? cur.entry : null));
    els.rank.classList.toggle('has-rows', rows.length > 0);
    els.count.textContent = rows.length ? t('entries_count', { n: rows.length }) : '';
  }

  var live = L.mount({
    root: root,
    t: t,
    connText: els.connText,
    errorEl: els.error,
    render: render
  });

  M.ticker(root, live.payload, live.now, 250);
  Z.ticker(root, live.payload, live.now, t, 100);

  // Test and diagnostics hook.
  window.podiumSpectator = {
    state: function () {
      return { seq: live.seq(), connection: live.state(), payload: live.payload(),
               stats: live.stats() };
    },
    resync: live.resync,
    socket: live.socket
  };
})();
