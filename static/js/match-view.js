/*
 * Podium live display, match stages (payload.format === "match"): the part
 * the LED board and the phone page share. Loaded after live.js; adds
 * PodiumLive.match:
 *
 *   match.fmt    period names, the match clock, the last event, team sources,
 *                round names (shown as the server sends them; nothing is scored here)
 *   match.view   DOM builders: scoreboard, cards, event banner, league tables,
 *                fixture rows, fixtures by round, knockout bracket
 *   match.ticker keeps every [data-clock] element running between snapshots
 *
 * The clock runs on the server's time: clock.started_at + elapsed_ms against
 * PodiumLive's estimate of the server clock (sent_at − local time at receipt).
 */
(function (global) {
  'use strict';

  var L = global.PodiumLive;
  var h = L.h;
  var pad2 = L.fmt.pad2;
  var DONE = { finished: true, forfeit: true };

  /* --------------------------------------------------------------- helpers */

  function isMatch(p) { return !!p && p.format === 'match'; }

  // A fixture by key: live ones first (they are the freshest copy).
  function find(p, key) {
    var lists = [p.live || [], p.fixtures || []];
    for (var i = 0; i < lists.length; i++) {
      for (var j = 0; j < lists[i].length; j++) {
        if (lists[i][j].fixture === key) { return lists[i][j]; }
      }
    }
    return null;
  }

  function isDone(fx) { return !!DONE[fx.status]; }
  function hasScore(fx) { return fx.status === 'live' || isDone(fx); }

  // "home" | "away" | null: the side that won a finished fixture (shoot-out included).
  function winner(fx) {
    if (!isDone(fx) || !fx.score) { return null; }
    var a = fx.score[0], b = fx.score[1];
    if (a === b && fx.shootout) { a = fx.shootout[0]; b = fx.shootout[1]; }
    return a > b ? 'home' : (b > a ? 'away' : null);
  }

  // Knockout: no table row belongs to a group and some fixture waits for a
  // result ("winner:SF-1").
  function isKnockout(p) {
    if (typeof p.knockout === 'boolean') { return p.knockout; }  // sent by the server
    var grouped = (p.rows || []).some(function (r) { return r.group; });
    var sourced = (p.fixtures || []).some(function (f) { return f.home_source || f.away_source; });
    return !grouped && sourced;
  }

  function isThirdPlace(fx) {
    return /^loser:/.test(fx.home_source || '') || /^loser:/.test(fx.away_source || '');
  }

  function mmss(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    return pad2(Math.floor(s / 60)) + ':' + pad2(s % 60);
  }

  /* ------------------------------------------------------------ formatting */

  var fmt = {
    // Milliseconds on the fixture's clock at server time `nowMs`.
    clockMs: function (fx, nowMs) {
      var c = fx.clock || {};
      var ms = c.elapsed_ms || 0;
      if (c.running && c.started_at) {
        var since = Date.parse(c.started_at);
        if (!isNaN(since)) { ms += Math.max(0, nowMs - since); }
      }
      return ms;
    },

    // {main, extra}: football counts up over the whole match ("47:12", in
    // added time "45" + "+2:15"); basketball counts each quarter down;
    // anything else (tug-of-war pulls) counts the period up.
    clock: function (p, fx, nowMs) {
      var ms = fmt.clockMs(fx, nowMs);
      var len = (p.period_minutes || 0) * 60000;
      var periods = p.periods || 1;
      var period = Math.max(1, fx.period || 1);
      if (p.sport === 'basketball' && len > 0 && period <= periods) {
        return { main: mmss(Math.ceil(Math.max(0, len - ms) / 1000) * 1000), extra: '' };
      }
      if (p.sport === 'football' && len > 0) {
        var base = (Math.min(period, periods + 1) - 1) * len;
        if (period <= periods && ms > len) {
          var over = mmss(ms - len).replace(/^0/, '');
          return { main: String((base + len) / 60000), extra: '+' + over };
        }
        return { main: mmss(base + ms), extra: '' };
      }
      return { main: mmss(ms), extra: '' };
    },

    // When an event happened, as the server's rule says it (scoring.rules.match.event_minute): football
    // "23'" / "45+2'", basketball the quarter's clock, nothing for a pull. One formatter for every screen.
    eventTime: function (p, ev) {
      return ev.minute || '';
    },

    periodName: function (p, n, t) {
      var periods = p.periods || 0;
      if (!n) { return ''; }
      if (p.sport === 'football') {
        if (n > periods) { return t('extra_time', { n: n - periods }); }
        if (periods === 2) { return t(n === 1 ? 'first_half' : 'second_half'); }
      }
      if (p.sport === 'basketball') {
        if (n > periods) { return t('overtime', { n: n - periods }); }
        if (periods === 4) { return t('quarter', { n: n }); }
      }
      if (p.sport === 'tug_of_war') { return t('pull', { n: n }); }
      return t('period', { n: n });
    },

    breakName: function (p, n, t) {
      if (p.sport === 'football' && p.periods === 2 && n === 1) { return t('half_time'); }
      return t('end_of', { period: fmt.periodName(p, n, t) });
    },

    // In a break between periods (the period ended, the match did not).
    inBreak: function (fx) {
      var ev = fx.last_event;
      return fx.status === 'live' && !(fx.clock && fx.clock.running) && !!ev &&
        (ev.kind === 'period_end' || ev.kind === 'shootout');
    },

    // What the scoreboard shows above the clock.
    phase: function (p, fx, t) {
      if (fx.status === 'scheduled') { return t('not_started'); }
      if (fx.status === 'postponed') { return t('postponed'); }
      if (fx.status === 'forfeit') { return t('forfeit'); }
      if (fx.status === 'finished') { return t('full_time'); }
      var ev = fx.last_event;
      if (fx.shootout || (ev && ev.kind === 'shootout')) { return t('shootout'); }
      if (fmt.inBreak(fx)) { return fmt.breakName(p, fx.period, t); }
      return fmt.periodName(p, fx.period, t);
    },

    // The clock of a live period is stopped (not a break between periods).
    stopped: function (fx) {
      return fx.status === 'live' && !(fx.clock && fx.clock.running) && !fmt.inBreak(fx);
    },

    eventLabel: function (p, ev, t) {
      switch (ev.kind) {
        case 'score':
          if (p.sport === 'football') { return t('ev_goal'); }
          if (p.sport === 'tug_of_war') { return t('ev_pull_won'); }
          if (p.sport === 'basketball') {
            return ev.value === 1 ? t('ev_free_throw') : t('ev_points', { n: ev.value });
          }
          return t('ev_score');
        case 'yellow_card': return t('ev_yellow');
        case 'red_card': return t('ev_red');
        case 'foul': return t('ev_foul');
        case 'substitution': return t('ev_sub');
        case 'start': return t('ev_start', { period: fmt.periodName(p, ev.period, t) });
        case 'pause': return t('paused');
        case 'resume': return t('ev_resume');
        case 'period_end': return fmt.breakName(p, ev.period, t);
        case 'end': return t('full_time');
        case 'shootout': return t(ev.value ? 'ev_pen_scored' : 'ev_pen_missed');
        default: return String(ev.kind || '');
      }
    },

    player: function (pl, t) {
      if (!pl) { return ''; }
      if (pl.number === null || pl.number === undefined) { return pl.name || ''; }
      return t('player', { number: pl.number, name: pl.name || '' });
    },

    // A team not known yet: "winner:SF-1" -> "Winner of SF-1".
    source: function (src, t) {
      var m = /^(winner|loser):(.+)$/.exec(src || '');
      if (m) { return t(m[1] === 'winner' ? 'src_winner' : 'src_loser', { match: m[2] }); }
      return src ? String(src) : t('tbd');
    },

    teamName: function (fx, side, t) {
      var team = fx[side];
      return team ? team.name : fmt.source(fx[side + '_source'], t);
    },

    // The line under a team's name: its Tibetan name, or its unit when the
    // name does not already say it ("查瓦村队" is from 查瓦村).
    teamSub: function (team) {
      if (!team) { return ''; }
      var bo = L.fmt.altName(team);
      if (bo) { return bo; }
      return team.unit && String(team.name || '').indexOf(team.unit) < 0 ? team.unit : '';
    },

    signed: function (n) {
      n = Number(n) || 0;
      return n > 0 ? '+' + n : (n < 0 ? '\u2212' + (-n) : '0');
    },

    // "10:00", or "12-01 10:00" when not today; '' without a time.
    startsAt: function (iso) {
      var d = iso ? new Date(Date.parse(iso)) : null;
      if (!d || isNaN(d.getTime())) { return ''; }
      var now = new Date();
      var day = d.toDateString() === now.toDateString() ? ''
        : pad2(d.getMonth() + 1) + '-' + pad2(d.getDate()) + ' ';
      return day + L.fmt.clock(d, false);
    },

    tiebreak: function (row, t) {
      if (row.needs_lots) { return t('needs_lots'); }
      return L.fmt.tiebreak(row.tiebreak, t);
    }
  };

  /* ----------------------------------------------------------------- rounds */

  // Round names: "Round 2" in a league; in a knockout by the distance to
  // the last round ("Final match", "Semi-finals", "Round of 16"), which also
  // holds when byes leave a first round short of matches.
  function roundName(p, round, t) {
    if (!isKnockout(p)) { return t('round', { n: round }); }
    var last = 0;
    (p.fixtures || []).forEach(function (f) { last = Math.max(last, f.round || 0); });
    var d = last - round;
    if (d === 0) { return t('final_match'); }
    if (d === 1) { return t('semi_finals'); }
    if (d === 2) { return t('quarter_finals'); }
    return d > 0 && d < 10 ? t('round_of', { n: Math.pow(2, d + 1) }) : t('round', { n: round });
  }

  // [{round, name, fixtures}] in round order (payload order within a round).
  function rounds(p, t) {
    var byRound = {};
    var order = [];
    (p.fixtures || []).forEach(function (fx) {
      var r = fx.round === null || fx.round === undefined ? 0 : fx.round;
      if (!byRound[r]) { byRound[r] = []; order.push(r); }
      byRound[r].push(fx);
    });
    order.sort(function (a, b) { return a - b; });
    return order.map(function (r) {
      // the third-place match after the final
      var list = byRound[r].filter(function (f) { return !isThirdPlace(f); })
        .concat(byRound[r].filter(isThirdPlace));
      return { round: r, name: roundName(p, r, t), fixtures: list };
    });
  }

  // "Group A · Round 2 · 1号场" (or the third-place label).
  function fixtureMeta(p, fx, t, withTime) {
    var parts = [];
    if (fx.group) { parts.push(t('group', { group: fx.group })); }
    parts.push(isThirdPlace(fx) && isKnockout(p) ? t('third_place') : roundName(p, fx.round, t));
    if (fx.venue) { parts.push(fx.venue); }
    if (withTime && fx.starts_at) { parts.push(fmt.startsAt(fx.starts_at)); }
    return parts.join(' \u00b7 ');
  }

  /* ------------------------------------------------------------------ views */

  var view = {};

  // A team's colour chip, when the organizers gave it one ("#rrggbb").
  view.chip = function (team) {
    var colour = team && team.colour;
    return colour && /^#[0-9a-f]{6}$/i.test(colour)
      ? h('span', { 'class': 'pm-chip', 'aria-hidden': 'true', 'data-colour': colour, style: '--team: ' + colour })
      : null;
  };

  // A team's name (lang="bo" when Tibetan) after its colour chip.
  view.teamName = function (cls, team, text) {
    var el = h('span', { 'class': cls, text: text });
    var chip = view.chip(team);
    if (chip) { el.insertBefore(chip, el.firstChild); }
    return el;
  };

  // Yellow / red card icons with the count on them; nothing without cards.
  view.cards = function (c, t) {
    c = c || {};
    var list = [];
    if (c.yellow) {
      list.push(h('span', { 'class': 'pm-card is-yellow', title: t('ev_yellow'),
                            'data-count': c.yellow, text: String(c.yellow) }));
    }
    if (c.red) {
      list.push(h('span', { 'class': 'pm-card is-red', title: t('ev_red'),
                            'data-count': c.red, text: String(c.red) }));
    }
    return h('span', { 'class': 'pm-cards' }, list);
  };

  // The clock's text nodes; `setClock` keeps them running.
  view.clock = function (p, fx, nowMs, attrs) {
    var el = h('span', Object.assign({ 'class': 'pm-clock', 'data-clock': fx.fixture }, attrs || {}), [
      h('span', { 'class': 'pm-clock-main' }),
      h('span', { 'class': 'pm-clock-extra' })
    ]);
    setClock(el, p, fx, nowMs);
    return el;
  };

  function setClock(el, p, fx, nowMs) {
    var c = fmt.clock(p, fx, nowMs);
    var main = el.firstChild;
    var extra = el.lastChild;
    if (main.textContent !== c.main) { main.textContent = c.main; }
    if (extra.textContent !== c.extra) { extra.textContent = c.extra; }
    el.classList.toggle('is-added', !!c.extra);
    el.setAttribute('data-running', fx.clock && fx.clock.running ? 'true' : 'false');
  }

  // The latest event: "Goal! 通尼村队 No. 9 扎西 23'". `fresh` animates it.
  view.banner = function (p, fx, t, fresh) {
    var ev = fx.last_event;
    if (!ev) { return h('div', { 'class': 'pm-banner is-empty', 'data-event': '' }); }
    var team = ev.team ? fx[ev.team] : null;
    var timed = { score: 1, yellow_card: 1, red_card: 1, foul: 1, substitution: 1 }[ev.kind];
    var time = timed ? fmt.eventTime(p, ev) : '';
    return h('div', {
      'class': 'pm-banner is-' + ev.kind + (ev.team ? ' is-' + ev.team : '') + (fresh ? ' is-new' : ''),
      'data-event': ev.number, 'data-kind': ev.kind, 'data-team': ev.team || ''
    }, [
      h('span', { 'class': 'pm-banner-icon', 'aria-hidden': 'true' }),
      h('span', { 'class': 'pm-banner-label', text: fmt.eventLabel(p, ev, t) }),
      team ? h('span', { 'class': 'pm-banner-team', text: team.name }) : null,
      ev.player ? h('span', { 'class': 'pm-banner-player', text: fmt.player(ev.player, t) }) : null,
      ev.player_in ? h('span', { 'class': 'pm-banner-player is-in', text: '→ ' + fmt.player(ev.player_in, t) }) : null,
      time ? h('span', { 'class': 'pm-banner-time', text: time }) : null
    ]);
  };

  function sbTeam(fx, side, t) {
    var team = fx[side];
    var sub = fmt.teamSub(team);
    return h('div', { 'class': 'pm-sb-team is-' + side, 'data-entry': team ? team.entry : '' }, [
      view.teamName('pm-sb-name', team, fmt.teamName(fx, side, t)),
      sub ? h('span', { 'class': 'pm-sb-sub', text: sub }) : null,
      view.cards((fx.cards || {})[side], t)
    ]);
  }

  /**
   * The scoreboard of one fixture. opts: {id, clockId, nowMs, fresh} — the
   * ids go to the board's (and the phone's first) scoreboard only; `fresh`
   * is what eventTracker says (ms into the new event's animation, or null).
   */
  view.scoreboard = function (p, fx, t, opts) {
    opts = opts || {};
    var running = !!(fx.clock && fx.clock.running);
    var score = fx.score || [0, 0];
    var ev = fx.last_event;
    var fresh = opts.fresh !== null && opts.fresh !== undefined && opts.fresh !== false;
    var scored = fresh && ev && ev.kind === 'score' && ev.team ? ' is-scored-' + ev.team : '';
    return h('section', {
      id: opts.id || null,
      'class': 'pm-sb is-' + fx.status + (running ? ' is-running' : ' is-stopped') + scored +
               (fx.status === 'live' && !running && (fx.shootout || (ev && ev.kind === 'shootout'))
                 ? ' is-shootout' : '') +
               (String(score[0]).length + String(score[1]).length > 4 ? ' is-long-score' : ''),
      'data-fixture': fx.fixture,
      'data-home-score': score[0],
      'data-away-score': score[1],
      'data-period': fx.period || 0,
      'data-clock-running': running ? 'true' : 'false',
      'data-status': fx.status,
      'style': fresh ? '--fresh-delay: -' + Math.round(Number(opts.fresh) || 0) + 'ms' : null
    }, [
      h('div', { 'class': 'pm-sb-meta', text: fixtureMeta(p, fx, t, false) }),
      h('div', { 'class': 'pm-sb-time' }, [
        h('span', { 'class': 'pm-sb-period', text: fmt.phase(p, fx, t) }),
        view.clock(p, fx, opts.nowMs || Date.now(), { id: opts.clockId || null }),
        // (the banner says it already when stopping the clock was the last event)
        fmt.stopped(fx) && !(ev && ev.kind === 'pause')
          ? h('span', { 'class': 'pm-sb-paused', text: t('paused') }) : null
      ]),
      sbTeam(fx, 'home', t),
      h('div', { 'class': 'pm-sb-score' }, [
        h('span', { 'class': 'pm-sb-digits is-home', text: String(score[0]) }),
        h('span', { 'class': 'pm-sb-sep', text: ':' }),
        h('span', { 'class': 'pm-sb-digits is-away', text: String(score[1]) })
      ]),
      sbTeam(fx, 'away', t),
      fx.shootout ? h('div', { 'class': 'pm-sb-shootout',
                               text: t('shootout_score', { home: fx.shootout[0], away: fx.shootout[1] }) })
        : null,
      view.banner(p, fx, t, fresh)
    ]);
  };

  // One fixture as a row: home | score (or start time) | away.
  view.fixture = function (p, fx, t, opts) {
    opts = opts || {};
    var score = fx.score || [0, 0];
    var won = winner(fx);
    var mid;
    if (hasScore(fx)) {
      mid = [h('span', { 'class': 'pm-fx-score-h', text: String(score[0]) }),
             h('span', { 'class': 'pm-fx-sep', text: ':' }),
             h('span', { 'class': 'pm-fx-score-a', text: String(score[1]) })];
      if (fx.shootout) {
        mid.push(h('span', { 'class': 'pm-fx-pens',
                             text: '(' + fx.shootout[0] + ':' + fx.shootout[1] + ')' }));
      }
    } else {
      mid = [h('span', { 'class': 'pm-fx-when',
                         text: fx.status === 'postponed' ? t('postponed')
                           : (fmt.startsAt(fx.starts_at) || t('vs')) })];
    }
    var side = function (s) {
      return h('span', { 'class': 'pm-fx-team is-' + s + (won === s ? ' is-winner' : '') +
                                  (fx[s] ? '' : ' is-tbd') }, [
        view.teamName('pm-fx-name', fx[s], fmt.teamName(fx, s, t))
      ]);
    };
    var status = fx.status === 'live' ? t('in_play')
      : (isDone(fx) ? (fx.status === 'forfeit' ? t('forfeit') : t('full_time')) : '');
    var third = isThirdPlace(fx) && isKnockout(p);
    return h('li', {
      'class': 'pm-fx is-' + fx.status,
      'data-fixture': fx.fixture,
      'data-score': score[0] + '-' + score[1],
      'data-status': fx.status
    }, [
      h('span', { 'class': 'pm-fx-meta' }, [
        fx.group ? h('span', { 'class': 'pm-fx-group', text: t('group', { group: fx.group }) }) : null,
        opts.round === false && !third ? null
          : h('span', { 'class': 'pm-fx-round', text: third ? t('third_place') : roundName(p, fx.round, t) }),
        fx.venue ? h('span', { 'class': 'pm-fx-venue', text: fx.venue }) : null
      ]),
      side('home'),
      h('span', { 'class': 'pm-fx-mid' }, mid),
      side('away'),
      h('span', { 'class': 'pm-fx-status' }, [
        fx.status === 'live' && opts.clock ? view.clock(p, fx, opts.nowMs || Date.now()) : null,
        status ? h('span', { 'class': 'pm-fx-tag', text: status }) : null
      ])
    ]);
  };

  view.fixtures = function (p, list, t, opts) {
    return h('ol', { 'class': 'pm-fx-list' }, list.map(function (fx) { return view.fixture(p, fx, t, opts); }));
  };

  // Every fixture under its round's heading.
  view.rounds = function (p, t, opts) {
    return h('div', { 'class': 'pm-rounds' }, rounds(p, t).map(function (r) {
      return h('section', { 'class': 'pm-round', 'data-round': r.round }, [
        h('h3', { 'class': 'pm-round-title', text: r.name }),
        view.fixtures(p, r.fixtures, t, Object.assign({ round: false }, opts || {}))
      ]);
    }));
  };

  // League table columns; the draws column only where a sport has draws; goals (football) or
  // points (basketball, tug-of-war) for and against beside the difference.
  function columns(p) {
    var draws = p.sport === 'football' || (p.rows || []).some(function (r) { return r.drawn; });
    var goals = p.sport === 'football';
    var cols = [['played', 'col_played'], ['won', 'col_won']];
    if (draws) { cols.push(['drawn', 'col_drawn']); }
    return cols.concat([['lost', 'col_lost'], ['scored', goals ? 'col_goals_for' : 'col_points_for'],
                        ['conceded', goals ? 'col_goals_against' : 'col_points_against'],
                        ['difference', 'col_diff'], ['points', 'col_points']]);
  }

  view.tableRow = function (row, cols, t) {
    var tb = fmt.tiebreak(row, t);
    var sub = fmt.teamSub(row);
    return h('li', {
      'class': 'pm-row is-' + (row.status || 'unknown') + (row.tiebreak === 'shared' ? ' is-shared' : '') +
               (row.needs_lots ? ' is-lots' : ''),
      'data-entry': row.entry,
      'data-rank': row.rank,
      'data-points': row.points,
      'data-total': row.total,
      'data-group': row.group || '',
      'data-status': row.status || '',
      'data-tiebreak': row.tiebreak || ''
    }, [
      h('span', { 'class': 'pm-c-rank', text: row.rank }),
      h('span', { 'class': 'pm-c-team' }, [
        view.teamName('pm-row-name', row, row.name),
        sub ? h('span', { 'class': 'pm-row-sub', text: sub }) : null,
        tb ? h('span', { 'class': 'pm-row-tb', text: tb, title: row.tiebreak || '' }) : null
      ])
    ].concat(cols.map(function (c) {
      var v = row[c[0]];
      return h('span', { 'class': 'pm-c-num pm-c-' + c[0],
                         text: c[0] === 'difference' ? fmt.signed(v) : String(v === undefined ? '' : v) });
    })));
  };

  // One table per group (or one for the league), in the rows' order.
  view.tables = function (p, t) {
    var cols = columns(p);
    var groups = [];
    var byGroup = {};
    (p.rows || []).forEach(function (row) {
      var g = row.group || '';
      if (!byGroup[g]) { byGroup[g] = []; groups.push(g); }
      byGroup[g].push(row);
    });
    return h('div', { 'class': 'pm-tables', 'data-cols': cols.length }, groups.map(function (g) {
      return h('section', { 'class': 'pm-group', 'data-group': g }, [
        h('div', { 'class': 'pm-thead' }, [
          h('span', { 'class': 'pm-c-rank pm-group-name', text: g ? t('group', { group: g }) : '' }),
          h('span', { 'class': 'pm-c-team' })
        ].concat(cols.map(function (c) {
          return h('span', { 'class': 'pm-c-num pm-c-' + c[0], text: t(c[1]) });
        }))),
        h('ol', { 'class': 'pm-table-rows' }, byGroup[g].map(function (r) { return view.tableRow(r, cols, t); }))
      ]);
    }));
  };

  // One bracket match: two team lines with their scores, the winner marked.
  view.bracketMatch = function (p, fx, t) {
    var score = fx.score || [0, 0];
    var won = winner(fx);
    var line = function (s, i) {
      return h('div', { 'class': 'pm-br-team is-' + s + (won === s ? ' is-winner' : '') +
                                 (fx[s] ? '' : ' is-tbd') }, [
        view.teamName('pm-br-name', fx[s], fmt.teamName(fx, s, t)),
        h('span', { 'class': 'pm-br-score',
                    text: hasScore(fx) ? String(score[i]) + (fx.shootout ? ' (' + fx.shootout[i] + ')' : '') : '' })
      ]);
    };
    var note = fx.status === 'live' ? t('in_play')
      : (hasScore(fx) ? '' : (fx.status === 'postponed' ? t('postponed') : fmt.startsAt(fx.starts_at)));
    return h('li', {
      'class': 'pm-br-match is-' + fx.status + (isThirdPlace(fx) ? ' is-third' : ''),
      'data-fixture': fx.fixture,
      'data-score': score[0] + '-' + score[1],
      'data-status': fx.status
    }, [
      isThirdPlace(fx) ? h('div', { 'class': 'pm-br-label', text: t('third_place') }) : null,
      line('home', 0),
      line('away', 1),
      note ? h('div', { 'class': 'pm-br-note', text: note }) : null
    ]);
  };

  // The knockout by round, left to right; the round now being played is
  // marked is-focus (the strip board shows only that one).
  view.bracket = function (p, t) {
    var list = rounds(p, t);
    var focus = null;
    list.forEach(function (r) {
      if (focus === null && r.fixtures.some(function (f) { return !isDone(f); })) { focus = r.round; }
    });
    if (focus === null && list.length) { focus = list[list.length - 1].round; }
    return h('div', { 'class': 'pm-bracket', 'data-rounds': list.length }, list.map(function (r) {
      var main = r.fixtures.filter(function (f) { return !isThirdPlace(f); });
      var third = r.fixtures.filter(isThirdPlace);
      return h('section', { 'class': 'pm-br-round' + (r.round === focus ? ' is-focus' : ''),
                            'data-round': r.round, 'data-count': main.length }, [
        h('h3', { 'class': 'pm-br-title', text: r.name }),
        h('ol', { 'class': 'pm-br-list' }, main.concat(third).map(function (fx) {
          return view.bracketMatch(p, fx, t);
        }))
      ]);
    }));
  };

  /* -------------------------------------------------------------- trackers */

  // fresh(fx) -> milliseconds since this client saw the fixture's last event
  // change (not on the first sight of a fixture), while its animation runs;
  // null otherwise. A scoreboard rebuilt meanwhile continues the animation.
  var FRESH_MS = 2200;
  function eventTracker() {
    var seen = {};
    var since = {};
    return function (fx) {
      var n = fx.last_event ? fx.last_event.number : null;
      var had = Object.prototype.hasOwnProperty.call(seen, fx.fixture);
      if (had && n !== null && seen[fx.fixture] !== n) { since[fx.fixture] = Date.now(); }
      seen[fx.fixture] = n;
      var ago = since[fx.fixture] === undefined ? null : Date.now() - since[fx.fixture];
      return ago !== null && ago < FRESH_MS ? ago : null;
    };
  }

  // Runs every [data-clock] element under `root` from the latest payload and
  // the server's time, between snapshots. Returns the tick function.
  function ticker(root, payload, now, everyMs) {
    function tick() {
      var p = payload();
      if (!isMatch(p)) { return; }
      var nowMs = now().getTime();
      var els = root.querySelectorAll('[data-clock]');
      for (var i = 0; i < els.length; i++) {
        var fx = find(p, els[i].getAttribute('data-clock'));
        if (fx) { setClock(els[i], p, fx, nowMs); }
      }
    }
    setInterval(tick, everyMs || 200);
    return tick;
  }

  L.match = {
    isMatch: isMatch,
    isKnockout: isKnockout,
    isDone: isDone,
    find: find,
    winner: winner,
    rounds: rounds,
    roundName: roundName,
    fixtureMeta: fixtureMeta,
    fmt: fmt,
    view: view,
    setClock: setClock,
    eventTracker: eventTracker,
    ticker: ticker
  };
})(window);
