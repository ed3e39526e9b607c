/*
 * Podium spectators' phone page. Renders the `standings` payload (protocol v1)
 * only; the connection, formatting and shared DOM builders are in live.js.
 */
(function () {
  'use strict';

  var L = window.PodiumLive;
  var t = L.strings('podium-strings');
  var root = document.getElementById('spectator');

  var els = {
    connText: root.querySelector('.sp-conn-text'),
    error: root.querySelector('.sp-error'),
    cur: root.querySelector('.sp-cur'),
    rank: root.querySelector('.sp-rank'),
    list: root.querySelector('.sp-rank-list'),
    count: root.querySelector('.sp-rank-count'),
    updated: root.querySelector('.sp-updated')
  };

  var shouldReveal = L.revealTracker();
  var currentChanged = L.memo();

  function render(p) {
    var cur = p.current;
    if (currentChanged(cur)) {
      els.cur.replaceChildren(L.view.current(cur, t, shouldReveal(cur)));
    }

    var rows = p.rows || [];
    els.list.replaceChildren(L.view.rows(rows, t, cur ? cur.entry : null));
    els.rank.classList.toggle('has-rows', rows.length > 0);
    els.count.textContent = rows.length ? t('entries_count', { n: rows.length }) : '';

    var sent = p.sent_at ? new Date(Date.parse(p.sent_at)) : null;
    els.updated.textContent = sent && !isNaN(sent.getTime())
      ? t('updated', { time: L.fmt.clock(sent, true) }) : '';
  }

  var live = L.mount({
    root: root,
    t: t,
    connText: els.connText,
    errorEl: els.error,
    render: render
  });

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
