/*
 * Podium live display, measured stages (payload.format === "measured": races,
 * lifting, archery, quizzes, timed skills): the part the LED board and the
 * phone page share. Loaded after live.js; adds PodiumLive.measured:
 *
 *   measured.fmt     the heat's clock (elapsed, time left, or time to the start)
 *   measured.view    DOM builders: a heat's start list with results as they
 *                    arrive, the latest-result banner, ranking rows with Q / q
 *   measured.ticker  keeps every [data-heat-clock] element running
 *
 * Results, ranks and qualification come from the server as text; nothing is
 * computed here but the clock, from the server's start time.
 */
(function (global) {
  'use strict';

  var L = global.PodiumLive;
  var h = L.h;
  var FRESH_MS = 6000;   // a newly arrived result is highlighted this long

  function isMeasured(p) { return !!p && p.format === 'measured'; }

  // A stage run in heats is finished when every heat is confirmed.
  function finished(p) {
    var heats = (p && p.heats) || [];
    return heats.length > 0 && heats.every(function (hx) { return hx.status === 'confirmed'; }) &&
      (p.rows || []).some(function (r) { return r.rank !== null && r.rank !== undefined; });
  }

  function heat(p, key) {
    var heats = p.heats || [];
    for (var i = 0; i < heats.length; i++) { if (heats[i].heat === key) { return heats[i]; } }
    return null;
  }

  // m:ss.t (tenths) or h:mm:ss.t from milliseconds.
  function raceTime(ms, tenths) {
    ms = Math.max(0, ms);
    var t = Math.floor(ms / 100);
    var s = Math.floor(t / 10);
    var text = Math.floor(s / 60) + ':' + L.fmt.pad2(s % 60);
    if (s >= 3600) { text = Math.floor(s / 3600) + ':' + L.fmt.pad2(Math.floor(s / 60) % 60) + ':' + L.fmt.pad2(s % 60); }
    return tenths ? text + '.' + (t % 10) : text;
  }

  var fmt = {
    // {text, mode, left}: mode 'running' | 'countdown' | 'over' | 'stopped' | 'start_in' | 'idle'.
    // A running race shows its running time (text); with a time limit, the
    // time left is `left` (shown small beside it).
    clock: function (hx, nowMs) {
      var c = hx.clock || {};
      if (c.running && c.started_at) {
        var elapsed = nowMs - Date.parse(c.started_at);
        if (c.limit_ms) {
          var left = c.limit_ms - elapsed;
          return { text: raceTime(elapsed, true), left: left > 0 ? raceTime(left, true) : '',
                   mode: left > 0 ? 'countdown' : 'over', elapsed: elapsed };
        }
        return { text: raceTime(elapsed, true), mode: 'running', elapsed: elapsed };
      }
      if (c.elapsed_ms) { return { text: raceTime(c.elapsed_ms, true), mode: 'stopped', elapsed: c.elapsed_ms }; }
      if (c.starts_at && Date.parse(c.starts_at) > nowMs) {
        return { text: raceTime(Date.parse(c.starts_at) - nowMs + 999, false), mode: 'start_in', elapsed: 0 };
      }
      return { text: c.limit_ms ? raceTime(c.limit_ms, true) : raceTime(0, true), mode: 'idle', elapsed: 0 };
    },

    heatStatus: function (hx, t) { return t('heat_' + hx.status); },

    qualified: function (q, t) { return q === 'Q' ? t('qualified_place') : (q === 'q' ? t('qualified_time') : ''); }
  };

  var view = {};

  view.clock = function (hx, nowMs, t, attrs) {
    var el = h('div', Object.assign({ 'class': 'pz-clock', 'data-heat-clock': hx.heat }, attrs || {}), [
      h('span', { 'class': 'pz-clock-label' }),
      h('span', { 'class': 'pz-clock-main' }),
      h('span', { 'class': 'pz-clock-left' })
    ]);
    setClock(el, hx, nowMs, t);
    return el;
  };

  // Label (what the big number is), the big number, and the small line under
  // it: the time left of a race with a time limit, or "time is up".
  function setClock(el, hx, nowMs, t) {
    var c = fmt.clock(hx, nowMs);
    var label = { start_in: t('start_in'), idle: hx.clock && hx.clock.limit_ms ? t('time_limit') : t('race_time') }[c.mode] ||
      t('race_time');
    var small = c.mode === 'countdown' ? t('time_left') + ' ' + c.left : (c.mode === 'over' ? t('time_up') : '');
    var parts = el.children;
    if (parts[0].textContent !== label) { parts[0].textContent = label; }
    if (parts[1].textContent !== c.text) { parts[1].textContent = c.text; }
    if (parts[2].textContent !== small) { parts[2].textContent = small; }
    el.setAttribute('data-mode', c.mode);
    el.setAttribute('data-running', hx.clock && hx.clock.running ? 'true' : 'false');
  }

  // The latest result of the stage: "最新成绩 · 3道 扎西 1:05.2".
  view.latest = function (p, t, fresh) {
    var r = p.latest;
    if (!r) { return null; }
    return h('div', { 'class': 'pz-latest' + (fresh ? ' is-fresh' : ''), 'data-entry': r.entry }, [
      h('span', { 'class': 'pz-latest-label', text: r.corrected ? t('corrected_result') : t('latest_result') }),
      h('span', { 'class': 'pz-latest-who', text: r.name }),
      h('span', { 'class': 'pz-latest-value', text: r.text })
    ]);
  };

  function lane(r, p, t, fresh) {
    var cls = 'pz-lane' + (r.total ? ' has-result' : '') + (r.mark_status || (r.total && !r.mark) ? ' is-status' : '') +
      (fresh ? ' is-fresh' : '');
    var multi = p.rule && p.rule.attempts > 1;
    return h('li', {
      'class': cls, 'data-entry': r.entry, 'data-lane': r.lane === null ? '' : r.lane,
      'data-total': r.total || '', 'data-rank': r.rank || '', 'data-qualified': r.qualified || ''
    }, [
      h('span', { 'class': 'pz-lane-no', text: r.lane !== null && r.lane !== undefined ? r.lane : r.order }),
      h('span', { 'class': 'pz-lane-who' }, [
        h('span', { 'class': 'pz-lane-name', text: r.name }),
        h('span', { 'class': 'pz-lane-sub' }, [
          L.fmt.altName(r) ? h('span', { 'class': 'pz-lane-bo', text: L.fmt.altName(r) }) : null,
          h('span', { 'class': 'pz-lane-unit', text: r.unit || '' })
        ])
      ]),
      multi ? h('span', { 'class': 'pz-attempts' }, (r.attempts || []).map(function (a) {
        return h('span', { 'class': 'pz-attempt' + (a.status ? ' is-status' : ''), text: a.text });
      })) : null,
      h('span', { 'class': 'pz-lane-result', text: r.total || '' }),
      h('span', { 'class': 'pz-lane-rank', text: r.rank ? t('place', { rank: r.rank }) : '' }),
      h('span', { 'class': 'pz-q', text: r.qualified || '', title: fmt.qualified(r.qualified, t) })
    ]);
  }

  // A heat: its name and state, the clock, then every lane with its result.
  view.heat = function (p, hx, t, opts) {
    opts = opts || {};
    var fresh = opts.fresh || {};
    return h('section', { 'class': 'pz-heat', 'data-heat': hx.heat, 'data-status': hx.status }, [
      h('div', { 'class': 'pz-heat-head' }, [
        h('span', { 'class': 'pz-heat-name', text: hx.name }),
        h('span', { 'class': 'pz-heat-status', text: fmt.heatStatus(hx, t) }),
        view.clock(hx, opts.nowMs || Date.now(), t, opts.clockId ? { id: opts.clockId } : null)
      ]),
      h('ol', { 'class': 'pz-lanes', 'data-count': hx.results.length },
        hx.results.map(function (r) { return lane(r, p, t, fresh[r.entry]); }))
    ]);
  };

  // Ranking rows: the shared rows, marked with Q / q and unranked statuses.
  view.rows = function (p, t, currentEntry) {
    var frag = L.view.rows(p.rows || [], t, currentEntry);
    Array.prototype.forEach.call(frag.childNodes, function (li, i) {
      var row = p.rows[i];
      li.setAttribute('data-qualified', row.qualified || '');
      li.setAttribute('data-rank', row.rank === null || row.rank === undefined ? '' : row.rank);
      if (row.mark_status) { li.classList.add('is-unmarked'); li.setAttribute('data-mark-status', row.mark_status); }
      if (row.qualified) {
        li.appendChild(h('span', { 'class': 'pz-q', text: row.qualified, title: fmt.qualified(row.qualified, t) }));
      }
    });
    return frag;
  };

  // Which results are new since the last snapshot this page saw: entry -> true.
  function freshTracker() {
    var seen = null;
    var since = {};
    return function (p) {
      var now = Date.now();
      var current = {};
      (p.heats || []).forEach(function (hx) {
        hx.results.forEach(function (r) { current[r.entry] = (r.total || '') + '|' + (r.attempts || []).length; });
      });
      if (seen) {
        Object.keys(current).forEach(function (k) {
          if (current[k] !== seen[k] && current[k] !== '|0') { since[k] = now; }
        });
      }
      seen = current;
      var fresh = {};
      Object.keys(since).forEach(function (k) { if (now - since[k] < FRESH_MS) { fresh[k] = true; } });
      return fresh;
    };
  }

  function ticker(root, payload, now, t, everyMs) {
    function tick() {
      var p = payload();
      if (!isMeasured(p)) { return; }
      var nowMs = now().getTime();
      var els = root.querySelectorAll('[data-heat-clock]');
      for (var i = 0; i < els.length; i++) {
        var hx = heat(p, els[i].getAttribute('data-heat-clock'));
        if (hx) { setClock(els[i], hx, nowMs, t); }
      }
    }
    setInterval(tick, everyMs || 100);
    return tick;
  }

  L.measured = {
    isMeasured: isMeasured,
    finished: finished,
    heat: heat,
    fmt: fmt,
    view: view,
    freshTracker: freshTracker,
    ticker: ticker
  };
})(window);
