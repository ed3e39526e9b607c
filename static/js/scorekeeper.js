/* Scorekeeper's console for a match: big buttons and keyboard shortcuts; every action goes through
 * the outbox (acknowledged after commit, resent with the same client_id); the score, the period
 * and the clock shown are the server's (the clock ticks locally from the server's start time). */
(function () {
  "use strict";
  var TEXT = JSON.parse(document.getElementById("score-text").textContent);
  var token = window.PODIUM_TOKEN;
  var $ = function (id) { return document.getElementById(id); };
  var app = $("app");
  var state = { hello: null, standings: null, fixture: null, offset: 0, picking: null };

  function fmt(t, v) { return t.replace(/\{(\w+)\}/g, function (_, k) { return v[k]; }); }

  var socket = PodiumOfficial.connect("/score", token, app, function () { $("refused").hidden = false; });
  var box = new PodiumOfficial.Outbox(socket, "podium.score." + token, acknowledged);

  socket.on("hello", function (hello) {
    state.hello = hello;
    $("official-name").textContent = hello.official.name;
    $("stage-name").textContent = hello.stage.event_name + " · " + hello.stage.name;
    buildScoreButtons();
    receive(hello.standings);
  });
  socket.on("standings", receive);

  function receive(standings) {
    if (!PodiumOfficial.takeStandings(state, standings)) return;
    if (!state.fixture || !fixtureByKey(state.fixture)) {
      var live = standings.fixtures.filter(function (f) { return f.status === "live"; })[0];
      var next = standings.fixtures.filter(function (f) { return f.status === "scheduled" && f.home && f.away; })[0];
      state.fixture = (live || next || standings.fixtures[0] || {}).fixture || null;
    }
    render();
    renderTables(standings);
  }

  /* The group tables, as on the board: goals (football) or points for and against beside the difference. */
  function renderTables(standings) {
    var T = TEXT.table, rows = standings.rows || [], football = standings.sport === "football";
    var cols = ["played", "won", "drawn", "lost", "scored", "conceded", "difference", "points"];
    var heads = [T.played, T.won, T.drawn, T.lost, football ? T.goals_for : T.points_for,
                 football ? T.goals_against : T.points_against, T.difference, T.points];
    if (!football && !rows.some(function (r) { return r.drawn; })) {  // no draws in this sport: no column
      cols.splice(2, 1);
      heads.splice(2, 1);
    }
    var body = $("tables-body");
    body.replaceChildren();
    $("tables").hidden = !rows.length || standings.knockout;
    var groups = [];
    rows.forEach(function (r) {
      var g = r.group || "";
      if (!groups.length || groups[groups.length - 1].name !== g) groups.push({ name: g, rows: [] });
      groups[groups.length - 1].rows.push(r);
    });
    groups.forEach(function (g) {
      var table = document.createElement("table");
      table.className = "league";
      table.dataset.group = g.name;
      if (g.name) table.createCaption().textContent = fmt(T.group, { group: g.name });
      var head = table.createTHead().insertRow();
      [T.rank, T.team].concat(heads).forEach(function (text, i) {
        var th = document.createElement("th");
        th.textContent = text;
        th.className = i > 1 ? "num col-" + cols[i - 2] : "";
        head.appendChild(th);
      });
      var tbody = table.createTBody();
      g.rows.forEach(function (r) {
        var tr = tbody.insertRow();
        tr.dataset.entry = r.entry;
        tr.className = r.needs_lots ? "needs-lots" : "";
        tr.insertCell().textContent = r.rank;
        var name = tr.insertCell();
        name.textContent = r.name + (r.needs_lots ? " · " + T.needs_lots : "");
        cols.forEach(function (c) {
          var td = tr.insertCell();
          td.className = "num col-" + c;
          td.textContent = c === "difference" && r[c] > 0 ? "+" + r[c] : r[c];
        });
      });
      body.appendChild(table);
      if (state.hello && state.hello.official.chief) lotsForms(g).forEach(function (f) { body.appendChild(f); });
    });
  }

  /* The chief's form for each tie only lots can break (a complete group, level on everything): the
   * order drawn, who drew, a note; sent as `lots` and acknowledged like every action. */
  function lotsForms(g) {
    var T = TEXT.lots, ties = {};
    g.rows.forEach(function (r) { if (r.needs_lots) (ties[r.rank] = ties[r.rank] || []).push(r); });
    return Object.keys(ties).map(function (rank) {
      var tie = ties[rank];
      var form = document.createElement("form");
      form.className = "lots-form";
      form.dataset.group = g.name;
      var title = document.createElement("h4");
      title.textContent = T.title + (g.name ? " · " + fmt(TEXT.table.group, { group: g.name }) : "");
      form.appendChild(title);
      var places = tie.map(function (_, i) {
        var select = document.createElement("select");
        select.name = "order";
        select.setAttribute("aria-label", fmt(T.place, { n: i + 1 }));
        tie.forEach(function (r, j) { select.add(new Option(r.name, r.entry, false, i === j)); });
        var label = document.createElement("label");
        label.append((i + 1) + ". ", select);
        form.appendChild(label);
        return select;
      });
      var fields = {};
      [["drawn_by", T.drawn_by], ["note", T.note]].forEach(function (f) {
        var input = document.createElement("input");
        input.name = f[0]; input.maxLength = 200; input.required = f[0] === "drawn_by";
        var label = document.createElement("label");
        label.append(f[1] + " ", input);
        form.appendChild(label);
        fields[f[0]] = input;
      });
      var send = document.createElement("button");
      send.type = "submit"; send.textContent = T.record;
      form.appendChild(send);
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        box.put("lots", { group: g.name, order: places.map(function (p) { return p.value; }),
                          drawn_by: fields.drawn_by.value, note: fields.note.value });
      });
      return form;
    });
  }

  function fixtureByKey(key) {
    var all = state.standings ? state.standings.fixtures : [];
    for (var i = 0; i < all.length; i++) if (all[i].fixture === key) return all[i];
    return null;
  }

  function team(entryKey) {
    var teams = state.hello ? state.hello.teams : [];
    for (var i = 0; i < teams.length; i++) if (teams[i].entry === entryKey) return teams[i];
    return null;
  }

  /* ---- rendering ---- */
  function render() {
    renderFixtures();
    var f = fixtureByKey(state.fixture);
    $("console").hidden = !f;
    if (!f) return;
    var board = $("scoreboard");
    board.dataset.fixture = f.fixture;
    board.dataset.status = f.status;
    $("home-name").textContent = f.home ? f.home.name : (f.home_source || "?");
    $("away-name").textContent = f.away ? f.away.name : (f.away_source || "?");
    $("home-score").textContent = f.score[0];
    $("away-score").textContent = f.score[1];
    $("shootout").hidden = !f.shootout;
    if (f.shootout) $("shootout").textContent = "(" + f.shootout[0] + " : " + f.shootout[1] + ")";
    showCards($("home-cards"), f.cards.home);
    showCards($("away-cards"), f.cards.away);
    $("period").textContent = periodText(f);
    var inPlay = f.in_play;
    var running = f.clock.running;
    $("start").disabled = f.status === "finished" || f.status === "postponed" || inPlay;
    $("pause").hidden = !running; $("resume").hidden = running;
    $("resume").disabled = !inPlay;
    $("period-end").disabled = !inPlay;
    $("end").disabled = f.status !== "live";
    Array.prototype.forEach.call(document.querySelectorAll("#teams .scores button, #teams .more button"), function (b) {
      b.disabled = !inPlay;
    });
    Array.prototype.forEach.call(document.querySelectorAll("#teams .shootout-buttons button"), function (b) {
      b.disabled = !(f.status === "live" && !inPlay && f.period >= state.hello.stage.periods);
    });
    $("undo").disabled = !f.last_event;
    $("last-event").textContent = f.last_event ? eventText(f, f.last_event) : "";
    $("lineups").hidden = f.status !== "scheduled";
    if (f.status === "scheduled") buildLineups(f);
    tick();
  }

  function showCards(holder, shown) {
    holder.innerHTML = "";
    ["yellow", "red"].forEach(function (colour) {
      for (var i = 0; i < shown[colour]; i++) {
        var card = document.createElement("span");
        card.className = "card " + colour;
        holder.appendChild(card);
      }
    });
  }

  function periodText(f) {
    if (f.status === "scheduled") return TEXT.not_started;
    if (f.status === "finished") return TEXT.finished;
    if (f.status === "postponed") return TEXT.postponed;
    if (state.hello.stage.sport === "football" && state.hello.stage.periods === 2 && f.period >= 1 && f.period <= 2) {
      return TEXT.period_football[f.period - 1];
    }
    return fmt(TEXT.period_n, { n: f.period });
  }

  function eventText(f, e) {
    var side = e.team ? (e.team === "home" ? f.home : f.away) : null;
    var who = e.player ? (e.player.number !== null ? e.player.number + " " : "") + e.player.name : "";
    return "#" + e.number + " " + (TEXT.kinds[e.kind] || e.kind) + (e.value > 1 ? " +" + e.value : "") +
      (side ? " · " + side.name : "") + (who ? " · " + who : "") + (e.minute ? " · " + e.minute : "") +
      " · " + mmss(periodBase(e.period) + e.clock_ms);
  }

  /* Football counts on across halves (the second half starts at 45:00); other sports count each period.
     An event's time in the log is read as the clock read it. */
  function periodBase(period) {
    var stage = state.hello.stage;
    return stage.sport === "football" && period > 1 ? (period - 1) * stage.period_minutes * 60000 : 0;
  }

  function mmss(ms) {
    var s = Math.floor(Math.max(0, ms) / 1000);
    return String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
  }

  function clockMs(f) {
    var ms = f.clock.elapsed_ms + periodBase(f.period);
    if (f.clock.running && f.clock.started_at) ms += Date.now() + state.offset - Date.parse(f.clock.started_at);
    return Math.max(0, ms);
  }

  function tick() {
    var f = fixtureByKey(state.fixture);
    if (!f) return;
    var clock = $("clock");
    clock.textContent = mmss(clockMs(f));
    clock.dataset.running = f.clock.running ? "true" : "false";
  }
  setInterval(tick, 250);

  function renderFixtures() {
    var nav = $("fixtures");
    nav.innerHTML = "";
    state.standings.fixtures.forEach(function (f) {
      var b = document.createElement("button");
      b.type = "button";
      b.dataset.fixture = f.fixture;
      b.dataset.status = f.status;
      var names = (f.home ? f.home.name : f.home_source || "?") + " – " + (f.away ? f.away.name : f.away_source || "?");
      b.textContent = (f.group ? f.group + " · " : "") + "R" + f.round + " " + names +
        (f.status === "scheduled" ? "" : "  " + f.score[0] + ":" + f.score[1]);
      if (f.fixture === state.fixture) b.classList.add("viewing");
      b.addEventListener("click", function () { state.fixture = f.fixture; render(); });
      nav.appendChild(b);
    });
  }

  function buildScoreButtons() {
    var values = state.hello.stage.score_values;
    var sport = state.hello.stage.sport;
    Array.prototype.forEach.call(document.querySelectorAll("#teams .side"), function (side) {
      var box = side.querySelector(".scores");
      box.innerHTML = "";
      values.forEach(function (v) {
        var b = document.createElement("button");
        b.type = "button"; b.className = "score"; b.dataset.kind = "score"; b.dataset.value = v;
        b.textContent = sport === "football" ? TEXT.goal : sport === "tug_of_war" ? TEXT.pull : fmt(TEXT.point, { n: v });
        box.appendChild(b);
      });
    });
  }

  /* ---- actions ---- */
  function record(payload) {
    payload.fixture = state.fixture;
    setAck("pending", socket.connected ? TEXT.sending : TEXT.queued);
    box.put(payload.kind === "undo" ? "undo" : "event", payload);
  }

  function acknowledged(item, ack) {
    if (ack.ok) setAck("ok", TEXT.done);
    else setAck("error", PodiumOfficial.refusal(TEXT.errors, ack));
  }

  function setAck(kind, text) { var a = $("ack"); a.dataset.state = kind; a.textContent = text; }

  $("start").addEventListener("click", function () { record({ kind: "start" }); });
  $("pause").addEventListener("click", function () { record({ kind: "pause" }); });
  $("resume").addEventListener("click", function () { record({ kind: "resume" }); });
  $("period-end").addEventListener("click", function () { record({ kind: "period_end" }); });
  $("end").addEventListener("click", function () { if (window.confirm(TEXT.confirm_end)) record({ kind: "end" }); });
  $("undo").addEventListener("click", function () { record({ kind: "undo" }); });

  document.getElementById("teams").addEventListener("click", function (ev) {
    var b = ev.target.closest("button[data-kind]");
    if (!b || b.disabled) return;
    var side = b.closest(".side").dataset.side;
    var kind = b.dataset.kind;
    var value = b.dataset.value !== undefined ? Number(b.dataset.value) : null;
    if (kind === "shootout") { record({ kind: kind, team: side, value: value }); return; }
    if (kind === "substitution") {
      pick(side, TEXT.who_off, false, function (off) {
        pick(side, TEXT.who_on, false, function (on) { record({ kind: kind, team: side, player: off, player_in: on }); });
      });
      return;
    }
    pick(side, kind === "score" ? TEXT.who_scored : TEXT.who_card, kind === "score" || kind === "foul", function (player) {
      var payload = { kind: kind, team: side };
      if (player !== null) payload.player = player;
      if (value !== null) payload.value = value;
      record(payload);
    });
  });

  /* The player picker: roster by shirt number; "unknown" allowed for scores and fouls. */
  function pick(side, title, unknownAllowed, done) {
    var f = fixtureByKey(state.fixture);
    var t = team(side === "home" ? f.home.entry : f.away.entry);
    if (!t || !t.players.length) { done(null); return; }
    state.picking = { done: done, unknownAllowed: unknownAllowed };
    $("picker-title").textContent = title + " · " + t.name;
    var list = $("picker-players");
    list.innerHTML = "";
    t.players.forEach(function (p) {
      var b = document.createElement("button");
      b.type = "button"; b.dataset.player = p.key;
      b.innerHTML = "<strong></strong><span></span>";
      b.querySelector("strong").textContent = p.number !== null ? p.number : "·";
      b.querySelector("span").textContent = p.name;
      b.addEventListener("click", function () { closePicker(p.key); });
      list.appendChild(b);
    });
    $("picker-unknown").hidden = !unknownAllowed;
    $("picker").hidden = false;
  }
  function closePicker(player) {
    var picking = state.picking;
    state.picking = null;
    $("picker").hidden = true;
    if (picking && player !== undefined) picking.done(player);
  }
  $("picker-unknown").addEventListener("click", function () { closePicker(null); });
  $("picker-cancel").addEventListener("click", function () { closePicker(undefined); });

  document.addEventListener("keydown", function (ev) {
    if (ev.target.tagName === "INPUT") return;
    if (state.picking) { if (ev.key === "Escape") closePicker(undefined); if (ev.key === "Enter" && state.picking.unknownAllowed) closePicker(null); return; }
    var f = fixtureByKey(state.fixture);
    if (!f) return;
    var press = function (id) { var b = $(id); if (b && !b.disabled && !b.hidden) { ev.preventDefault(); b.click(); } };
    if (ev.key === " ") press(f.clock.running ? "pause" : "resume");
    else if (ev.key === "s" || ev.key === "S") press("start");
    else if (ev.key === "e" || ev.key === "E") press("period-end");
    else if (ev.key === "u" || ev.key === "U" || (ev.key === "z" && (ev.ctrlKey || ev.metaKey))) press("undo");
    else if (ev.key === "a" || ev.key === "A") clickFirst('[data-side="home"] .scores button');
    else if (ev.key === "l" || ev.key === "L") clickFirst('[data-side="away"] .scores button');
    function clickFirst(sel) { var b = document.querySelector(sel); if (b && !b.disabled) { ev.preventDefault(); b.click(); } }
  });

  /* ---- line-ups before kick-off (the local cap on outside players is checked by the server) ---- */
  function buildLineups(f) {
    var holder = document.querySelector("#lineups .lineup-sides");
    if (holder.dataset.fixture === f.fixture) return;
    holder.dataset.fixture = f.fixture;
    holder.innerHTML = "";
    ["home", "away"].forEach(function (side) {
      var t = f[side] ? team(f[side].entry) : null;
      if (!t) return;
      var col = document.createElement("div");
      col.className = "lineup"; col.dataset.side = side;
      var h = document.createElement("h4"); h.textContent = t.name; col.appendChild(h);
      t.players.forEach(function (p) {
        var row = document.createElement("label");
        row.innerHTML = '<input type="checkbox" class="named"> <input type="checkbox" class="starter"> <span></span>';
        row.querySelector("span").textContent = (p.number !== null ? p.number + " " : "") + p.name;
        row.dataset.player = p.key;
        col.appendChild(row);
      });
      var save = document.createElement("button");
      save.type = "button"; save.textContent = TEXT.save_lineup;
      save.addEventListener("click", function () {
        var named = [], starters = [];
        Array.prototype.forEach.call(col.querySelectorAll("label"), function (row) {
          if (row.querySelector(".named").checked || row.querySelector(".starter").checked) named.push(row.dataset.player);
          if (row.querySelector(".starter").checked) starters.push(row.dataset.player);
        });
        setAck("pending", TEXT.sending);
        box.put("lineup", { fixture: f.fixture, team: side, players: named, starters: starters });
      });
      col.appendChild(save);
      holder.appendChild(col);
    });
  }

  window.podiumScorekeeper = { state: function () { return state; }, outbox: function () { return box.items(); } };
})();
