/*
 * Podium live display: the shared piece of the LED board (board.js) and the
 * spectators' phone page (spectator.js).
 *
 *   PodiumLive.connect(opts)   connection to the /display namespace (protocol v1)
 *   PodiumLive.strings(id)     translated UI strings embedded by the template
 *   PodiumLive.fmt             formatting of payload values (never computes scores)
 *   PodiumLive.view            DOM builders for the parts both pages show
 *   PodiumLive.match           match stages (fixtures, tables, clock): match-view.js
 *
 * The payload is rendered as it comes: decimal strings are shown verbatim,
 * ranks, totals, dropped flags and tie-break steps come from the server.
 */
(function (global) {
  'use strict';

  var HIDDEN_RESYNC_MS = 5000;   // hidden longer than this -> watch again when visible
  var WATCH_REPLY_MS = 3000;     // a watch counts as pending this long
  var SERVER_KICK_RETRY_MS = 2000;
  var STALE_RECHECK_MS = 1500;    // a stale reply to a watch is checked once more

  /* ------------------------------------------------------------------ strings */

  // The template embeds {key: translated string} as JSON. Placeholders are
  // written {name} (the template passes name='{name}' to gettext).
  function strings(id) {
    var dict = {};
    var node = document.getElementById(id || 'podium-strings');
    if (node) {
      try { dict = JSON.parse(node.textContent) || {}; } catch (e) { dict = {}; }
    }
    function t(key, params) {
      var s = Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : key;
      if (params) {
        s = s.replace(/\{(\w+)\}/g, function (m, name) {
          return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m;
        });
      }
      return s;
    }
    t.has = function (key) { return Object.prototype.hasOwnProperty.call(dict, key); };
    return t;
  }

  /* --------------------------------------------------------------- formatting */

  var TIBETAN = /[\u0F00-\u0FFF]/;

  // Tie-break step -> string key. "criterion:<key>" is handled by prefix.
  var TIEBREAK_KEYS = {
    raw_mean: 'tb_raw_mean',
    highest_total: 'tb_highest_total',
    shared: 'tb_shared',
    // league tables (match stages)
    points: 'tb_points',
    difference: 'tb_difference',
    scored: 'tb_scored',
    wins: 'tb_wins',
    h2h_points: 'tb_h2h_points',
    h2h_difference: 'tb_h2h_difference',
    h2h_scored: 'tb_h2h_scored',
    h2h_wins: 'tb_h2h_wins',
    fair_play: 'tb_fair_play',
    lots: 'tb_lots',
    // measured events
    second_best: 'tb_second_best',
    placing: 'tb_placing'
  };

  var fmt = {
    isTibetan: function (text) { return TIBETAN.test(text || ''); },

    // "0.00", "0.0", "0", "-0.00" are zero. A string test, not arithmetic.
    isZero: function (dec) {
      return dec === null || dec === undefined || /^[-+]?0*(\.0*)?$/.test(String(dec));
    },

    deduction: function (dec, t) {
      var s = String(dec);
      if (!/^[-\u2212]/.test(s)) { s = '\u2212' + s; }
      return t('deduction', { amount: s });
    },

    // null -> null; "criterion:<key>" -> one label (the payload carries no
    // criterion names; the raw step stays in the row's data-tiebreak/title).
    tiebreak: function (step, t) {
      if (step === null || step === undefined || step === '') { return null; }
      step = String(step);
      if (step.indexOf('criterion:') === 0) { return t('tb_criterion'); }
      if (step.indexOf('countback:') === 0) { return t('tb_countback'); }
      if (TIEBREAK_KEYS[step] && t.has(TIEBREAK_KEYS[step])) { return t(TIEBREAK_KEYS[step]); }
      return t('tb_other', { step: step });
    },

    // Row / entry status: "final" | "provisional" -> label; anything else -> ''.
    status: function (status, t) {
      if (status === 'final') { return t('final'); }
      if (status === 'provisional') { return t('provisional'); }
      return '';
    },

    // A current entry is final when the chief judge has locked it.
    currentStatus: function (cur) {
      if (!cur || !cur.complete) { return null; }
      return cur.locked ? 'final' : 'provisional';
    },

    connection: function (state, t) {
      return t('conn_' + state);
    },

    // A judged stage is finished when the entry called last is locked and no
    // entry comes after it in the running order (the chief cannot call on).
    stageFinished: function (p) {
      var cur = p && p.current;
      if (!cur || !cur.locked) { return false; }
      return !(p.entries || []).some(function (e) { return e.order > cur.order && e.state !== 'final'; });
    },

    order: function (order, t) {
      return order === null || order === undefined ? '' : t('order', { order: order });
    },

    // The Tibetan form of a name (`name_bo`, sent by the server beside the
    // contract's `name`) when there is one and it differs from `name`.
    altName: function (item) {
      var bo = item && item.name_bo;
      return bo && bo !== item.name ? String(bo) : '';
    },

    pad2: function (n) { return (n < 10 ? '0' : '') + n; },

    clock: function (date, seconds) {
      var s = fmt.pad2(date.getHours()) + ':' + fmt.pad2(date.getMinutes());
      return seconds ? s + ':' + fmt.pad2(date.getSeconds()) : s;
    }
  };

  /* --------------------------------------------------------------------- DOM */

  // h('div', {class: 'x', 'data-a': 1}, [child, 'text'])
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) { return; }
        if (k === 'class') { el.className = v; }
        else if (k === 'text') { setText(el, v); }
        else if (k === 'style') { el.setAttribute('style', v); }
        else { el.setAttribute(k, v === true ? '' : String(v)); }
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) { return; }
      el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return el;
  }

  // Text that may be Tibetan gets lang="bo" (font choice, line height).
  function setText(el, text) {
    text = text === null || text === undefined ? '' : String(text);
    el.textContent = text;
    if (fmt.isTibetan(text)) { el.setAttribute('lang', 'bo'); }
    else { el.removeAttribute('lang'); }
    return el;
  }

  // Shrink an element's font until its text fits the width: checks `el`
  // itself, or the `probes` (boxes inside it that must not overflow).
  /* Whether an element's text reaches past its content box, to the fraction of a pixel: text cut by
   * text-overflow shows its ellipsis for any overflow at all, and scrollWidth is rounded (a name 0.4 px
   * too wide read 250 against 249 and showed "达翁村足…"). */
  function spills(el) {
    if (el.scrollWidth > el.clientWidth + 1) { return true; }
    var range = document.createRange();
    range.selectNodeContents(el);
    var text = range.getBoundingClientRect();
    if (!text.width) { return false; }
    var box = el.getBoundingClientRect();
    var s = getComputedStyle(el);
    var right = box.right - (parseFloat(s.paddingRight) || 0) - (parseFloat(s.borderRightWidth) || 0);
    var left = box.left + (parseFloat(s.paddingLeft) || 0) + (parseFloat(s.borderLeftWidth) || 0);
    return text.right > right + 0.01 || text.left < left - 0.01;
  }

  function fitText(el, maxPx, minPx, probes) {
    if (!el) { return 0; }
    var list = probes && probes.length ? Array.prototype.slice.call(probes) : [el];
    function overflowing() {
      return list.some(function (p) { return p && spills(p); });
    }
    var size = Math.max(minPx, Math.round(maxPx));
    el.style.fontSize = size + 'px';
    var guard = 40;
    while (guard-- > 0 && size > minPx && overflowing()) {
      size = Math.max(minPx, Math.floor(size * 0.93));
      el.style.fontSize = size + 'px';
    }
    return size;
  }

  // changed(value) -> true when value differs (by JSON) from the last call:
  // lets a page skip rebuilding a part the snapshot did not change.
  function memo() {
    var last;
    return function (value) {
      var key = JSON.stringify(value === undefined ? null : value);
      if (key === last) { return false; }
      last = key;
      return true;
    };
  }

  // Tells when the current entry's judges should be revealed with animation:
  // only when this client saw the entry incomplete and now sees it complete.
  function revealTracker() {
    var lastEntry = null;
    var lastComplete = null;
    return function (cur) {
      var entry = cur ? cur.entry : null;
      var complete = !!(cur && cur.complete);
      var reveal = complete && entry === lastEntry && lastComplete === false;
      lastEntry = entry;
      lastComplete = complete;
      return reveal;
    };
  }

  var view = {
    // One box per judge. Before `complete` only "in" is shown (values are null).
    judge: function (j, complete, t, index) {
      var revealed = !!complete && j.total !== null && j.total !== undefined;
      var cls = 'pd-judge ' + (j['in'] ? 'is-in' : 'is-out');
      if (revealed) { cls += ' is-revealed'; }
      if (revealed && j.dropped) { cls += ' is-dropped'; }
      var label = j.name || j.judge;
      var title = label + ' \u00b7 ' +
        (revealed ? j.total + (j.dropped ? ' (' + t('dropped') + ')' : '')
                  : (j['in'] ? t('judge_in') : t('judge_waiting')));
      return h('li', {
        'class': cls,
        'data-judge': j.judge,
        'data-total': revealed ? j.total : '',
        'data-dropped': revealed && j.dropped ? 'true' : 'false',
        'title': title,
        'aria-label': title,
        'style': '--i:' + (index || 0)
      }, [
        h('span', { 'class': 'pd-judge-name', text: label }),
        h('span', { 'class': 'pd-judge-value' },
          revealed ? [j.total] : [h('span', { 'class': 'pd-judge-mark', 'aria-hidden': 'true' })])
      ]);
    },

    judges: function (cur, t) {
      return h('ol', { 'class': 'pd-judges', 'data-count': (cur.judges || []).length },
        (cur.judges || []).map(function (j, i) { return view.judge(j, cur.complete, t, i); }));
    },

    // Score block of the current entry: total + state, or marks-in progress.
    currentScore: function (cur, t) {
      var status = fmt.currentStatus(cur);
      if (status && cur.total !== null && cur.total !== undefined) {
        return h('div', { 'class': 'pd-score is-' + status, 'data-status': status }, [
          h('span', { 'class': 'pd-score-total', text: cur.total }),
          h('span', { 'class': 'pd-score-side' }, [
            h('span', { 'class': 'pd-tag pd-tag-' + status, text: fmt.status(status, t) }),
            fmt.isZero(cur.deduction) ? null
              : h('span', { 'class': 'pd-deduction', text: fmt.deduction(cur.deduction, t) })
          ])
        ]);
      }
      var count = cur.judge_count !== undefined && cur.judge_count !== null
        ? cur.judge_count : (cur.judges || []).length;
      var marksIn = cur.marks_in !== undefined && cur.marks_in !== null
        ? cur.marks_in : (cur.judges || []).filter(function (j) { return j['in']; }).length;
      return h('div', { 'class': 'pd-score is-marking', 'data-status': 'marking' }, [
        h('span', { 'class': 'pd-marks-in', text: t('marks_in', { n: marksIn, count: count }) }),
        fmt.isZero(cur.deduction) ? null
          : h('span', { 'class': 'pd-deduction', text: fmt.deduction(cur.deduction, t) })
      ]);
    },

    // The current entry; `reveal` adds the reveal animation class once.
    current: function (cur, t, reveal) {
      if (!cur) {
        return h('section', { 'class': 'pd-current is-empty', 'data-entry': '' }, [
          h('div', { 'class': 'pd-cur-waiting', text: t('waiting_first') })
        ]);
      }
      var cls = 'pd-current' + (cur.complete ? ' is-complete' : ' is-marking') +
        (cur.locked ? ' is-locked' : '') + (reveal ? ' is-revealing' : '');
      return h('section', { 'class': cls, 'data-entry': cur.entry,
                            'data-complete': cur.complete ? 'true' : 'false',
                            'data-locked': cur.locked ? 'true' : 'false' }, [
        h('div', { 'class': 'pd-cur-head' }, [
          h('span', { 'class': 'pd-cur-label', text: t('now_performing') }),
          h('span', { 'class': 'pd-cur-order', text: fmt.order(cur.order, t) })
        ]),
        h('div', { 'class': 'pd-cur-name', text: cur.name }),
        h('div', { 'class': 'pd-cur-sub' }, [
          fmt.altName(cur) ? h('span', { 'class': 'pd-cur-name-bo', text: fmt.altName(cur) }) : null,
          h('span', { 'class': 'pd-cur-unit', text: cur.unit || '' })
        ]),
        view.judges(cur, t),
        view.currentScore(cur, t)
      ]);
    },

    // A finished stage: the word, then the podium (the first three places).
    finished: function (p, t) {
      var podium = (p.rows || []).filter(function (r) { return r.rank !== null && r.rank <= 3; });
      return h('section', { 'class': 'pd-current is-finished', 'data-entry': '', 'data-finished': 'true' }, [
        h('div', { 'class': 'pd-cur-head' }, [
          h('span', { 'class': 'pd-cur-label', text: t('stage_finished') }),
          h('span', { 'class': 'pd-cur-order', text: t('final_results') })
        ]),
        h('ol', { 'class': 'pd-podium' }, podium.map(function (r) {
          return h('li', { 'class': 'pd-podium-row', 'data-entry': r.entry, 'data-rank': r.rank }, [
            h('span', { 'class': 'pd-podium-rank', text: t('place', { rank: r.rank }) }),
            h('span', { 'class': 'pd-podium-who' }, [
              h('span', { 'class': 'pd-podium-name', text: r.name }),
              h('span', { 'class': 'pd-podium-unit', text: r.unit || '' })
            ]),
            h('span', { 'class': 'pd-podium-total', text: r.total })
          ]);
        }))
      ]);
    },

    // One ranking row; every row carries data-entry, data-rank, data-total.
    row: function (row, t, currentEntry) {
      var tb = fmt.tiebreak(row.tiebreak, t);
      var cls = 'pd-row is-' + (row.status || 'unknown') +
        (row.entry === currentEntry ? ' is-current' : '') +
        (row.tiebreak === 'shared' ? ' is-shared' : '');
      return h('li', {
        'class': cls,
        'data-entry': row.entry,
        'data-rank': row.rank,
        'data-total': row.total,
        'data-status': row.status || '',
        'data-tiebreak': row.tiebreak || ''
      }, [
        h('span', { 'class': 'pd-row-rank', text: row.rank }),
        h('span', { 'class': 'pd-row-who' }, [
          h('span', { 'class': 'pd-row-name', text: row.name }),
          h('span', { 'class': 'pd-row-sub' }, [
            fmt.altName(row) ? h('span', { 'class': 'pd-row-name-bo', text: fmt.altName(row) }) : null,
            h('span', { 'class': 'pd-row-unit', text: row.unit || '' })
          ])
        ]),
        tb ? h('span', { 'class': 'pd-row-tb', text: tb, title: row.tiebreak }) : null,
        h('span', { 'class': 'pd-row-score' }, [
          h('span', { 'class': 'pd-row-total', text: row.total }),
          fmt.isZero(row.deduction) ? null
            : h('span', { 'class': 'pd-row-ded', text: fmt.deduction(row.deduction, t),
                          'data-deduction': row.deduction }),
          h('span', { 'class': 'pd-tag pd-tag-' + (row.status || 'unknown'),
                      text: fmt.status(row.status, t) })
        ])
      ]);
    }
  };

  // A ranking's title: "Full ranking" under a finished stage's podium, its
  // own words (kept in data-title) otherwise.
  view.rankTitle = function (el, finished, t) {
    if (!el.hasAttribute('data-title')) { el.setAttribute('data-title', el.textContent); }
    setText(el, finished ? t('full_ranking') : el.getAttribute('data-title'));
  };

  // All ranking rows (every row is in the DOM, paged or not).
  view.rows = function (rows, t, currentEntry) {
    var frag = document.createDocumentFragment();
    (rows || []).forEach(function (r, i) {
      var li = view.row(r, t, currentEntry);
      if (i % 2) { li.classList.add('is-alt'); }
      frag.appendChild(li);
    });
    return frag;
  };

  /* -------------------------------------------------------------- connection */

  /**
   * connect({stage, view, onStandings(payload, info), onConnection(state), onError(err)})
   * state: 'connecting' | 'live' | 'offline'. Reconnection is socket.io's own;
   * after every (re)connect the stage is watched again (full snapshot).
   * view: 'slim' (rows without their judges; what the boards and phones show)
   * or 'full' (protocol v1, the default).
   *
   * Every snapshot is complete: a newer seq simply replaces the one held, even
   * when seq jumps (several changes folded into one snapshot). Only a
   * reconnect, a tab back from hiding, or a seq older than the one held asks
   * for a fresh snapshot (docs/protocol.md, "Sequence numbers").
   */
  function connect(opts) {
    var stage = opts.stage;
    var state = 'connecting';
    var lastSeq = null;
    var payload = null;
    var watchPendingUntil = 0;
    var hiddenSince = document.hidden ? Date.now() : null;
    var stats = { watches: 0, gaps: 0, stale: 0, snapshots: 0, reconnects: 0, resets: 0 };
    var watchMessage = opts.view ? { stage: stage, view: opts.view } : { stage: stage };
    var firstStale = null;     // {seq, at}: a watch was answered with a stale seq
    var everConnected = false;
    // Server time - local time, estimated from sent_at: the largest value seen
    // since the last connect (delays and older timestamps only make it smaller).
    var clockOffset = 0;
    var offsetFresh = false;

    var socket = global.io('/display', {
      transports: ['websocket', 'polling'],
      reconnection: true,
      reconnectionDelay: global.PodiumTiming('retry_ms', 1000),
      reconnectionDelayMax: global.PodiumTiming('retry_max_ms', 5000),
      timeout: 10000
    });

    function setState(next) {
      if (next === state) { return; }
      state = next;
      if (opts.onConnection) { opts.onConnection(state); }
    }

    function watch(reason) {
      if (!socket.connected) { return false; }
      stats.watches += 1;
      stats.lastWatchReason = reason;
      watchPendingUntil = Date.now() + WATCH_REPLY_MS;
      socket.emit('watch', watchMessage);
      return true;
    }

    socket.on('connect', function () {
      if (everConnected) { stats.reconnects += 1; }
      everConnected = true;
      offsetFresh = false;
      setState('live');
      watch('connect');
    });

    socket.on('disconnect', function (reason) {
      setState('offline');
      // A server-side disconnect is not retried by socket.io: retry ourselves.
      if (reason === 'io server disconnect') {
        setTimeout(function () { if (!socket.connected) { socket.connect(); } },
                   SERVER_KICK_RETRY_MS);
      }
    });

    socket.on('connect_error', function () {
      setState('offline');
      if (!socket.active) {   // refused by the namespace: socket.io gives up
        setTimeout(function () { if (!socket.connected) { socket.connect(); } }, 5000);
      }
    });

    socket.on('standings', function (p) {
      if (!p || typeof p.seq !== 'number') { return; }
      if (p.stage && p.stage !== stage) { return; }
      var replyToWatch = Date.now() < watchPendingUntil;
      if (lastSeq !== null && p.seq < lastSeq) {
        // Stale: ignored. A late broadcast prompts a fresh snapshot. Only when
        // the server answers two watches, 1.5 s or more apart, with a lower
        // and not decreasing seq, is the stage's history taken as reset
        // (database restored) and its word taken.
        stats.stale += 1;
        var now = Date.now();
        if (!replyToWatch) { watch('stale'); return; }
        watchPendingUntil = 0;
        if (!firstStale) {
          firstStale = { seq: p.seq, at: now };
          setTimeout(function () { watch('stale'); }, STALE_RECHECK_MS);
          return;
        }
        if (now - firstStale.at < STALE_RECHECK_MS || p.seq < firstStale.seq) { return; }
        stats.resets += 1;
        lastSeq = null;
      }
      firstStale = null;
      var gap = lastSeq !== null && p.seq > lastSeq + 1;
      watchPendingUntil = 0;
      lastSeq = p.seq;
      payload = p;
      stats.snapshots += 1;
      var sent = p.sent_at ? Date.parse(p.sent_at) : NaN;
      if (!isNaN(sent)) {
        var off = sent - Date.now();
        clockOffset = offsetFresh ? Math.max(clockOffset, off) : off;
        offsetFresh = true;
      }
      if (state !== 'live' && socket.connected) { setState('live'); }
      // A jump in seq means changes were folded into this snapshot: it holds
      // them all, nothing to ask for (counted only).
      if (gap) { stats.gaps += 1; }
      if (opts.onStandings) { opts.onStandings(p, { gap: gap }); }
    });

    socket.on('error', function (err) {
      if (opts.onError) { opts.onError(err || {}); }
    });

    // A tab hidden for a while may have been frozen: resync when it comes back.
    document.addEventListener('visibilitychange', function () {
      if (document.hidden) { hiddenSince = Date.now(); return; }
      var away = hiddenSince === null ? 0 : Date.now() - hiddenSince;
      hiddenSince = null;
      if (away < HIDDEN_RESYNC_MS) { return; }
      if (socket.connected) { watch('visible'); }
      else { socket.connect(); }
    });
    global.addEventListener('online', function () {
      if (!socket.connected) { socket.connect(); }
    });

    if (opts.onConnection) { opts.onConnection(state); }

    return {
      socket: socket,
      state: function () { return state; },
      seq: function () { return lastSeq; },
      payload: function () { return payload; },
      stats: function () { return Object.assign({}, stats); },
      resync: function () { return watch('manual'); },
      // Server time (the board clock follows the server, not the LED PC).
      now: function () { return new Date(Date.now() + clockOffset); }
    };
  }

  /**
   * mount({root, connText, errorEl, render(payload)}): connects to the stage
   * named by root[data-stage] and keeps root[data-connection], root[data-seq],
   * the connection label and the error line up to date.
   */
  function mount(opts) {
    var root = opts.root;
    var t = opts.t;
    var stage = root.getAttribute('data-stage');
    return connect({
      stage: stage,
      view: opts.view || 'slim',
      onConnection: function (state) {
        root.setAttribute('data-connection', state);
        if (opts.connText) { opts.connText.textContent = fmt.connection(state, t); }
      },
      onStandings: function (p, info) {
        root.setAttribute('data-seq', String(p.seq));
        if (opts.errorEl) { opts.errorEl.hidden = true; }
        opts.render(p, info);
      },
      onError: function (err) {
        if (opts.errorEl && err.error === 'unknown_stage') {
          opts.errorEl.textContent = t('unknown_stage') + ': ' + stage;
          opts.errorEl.hidden = false;
        }
      }
    });
  }

  global.PodiumLive = {
    connect: connect,
    mount: mount,
    strings: strings,
    fmt: fmt,
    view: view,
    h: h,
    setText: setText,
    fitText: fitText,
    spills: spills,
    revealTracker: revealTracker,
    memo: memo
  };
})(window);
