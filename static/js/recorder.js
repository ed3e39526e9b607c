/* Recorder's console for a measured stage (race, lifting, archery, quiz, timed skill): the heat's
 * start list with big inputs per entry (three stopwatches for a hand-timed race), statuses, the
 * order of arrival, the server's heat clock, corrections with a reason, and the chief recorder's
 * confirm / reopen / draw-the-final. Every action goes through the outbox (acknowledged after
 * commit, resent with the same client_id); everything shown is the server's. */
(function () {
  "use strict";
  var TEXT = JSON.parse(document.getElementById("record-text").textContent);
  var token = window.PODIUM_TOKEN;
  var $ = function (id) { return document.getElementById(id); };
  var app = $("app");
  var state = { hello: null, standings: null, heat: null, chosen: false, offset: 0, order: [], built: null, dialog: null };

  function fmt(t, v) { return t.replace(/\{(\w+)\}/g, function (_, k) { return v[k]; }); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  var socket = PodiumOfficial.connect("/record", token, app, function () { $("refused").hidden = false; });
  var box = new PodiumOfficial.Outbox(socket, "podium.record." + token, acknowledged);

  socket.on("hello", function (hello) {
    state.hello = hello;
    $("official-name").textContent = hello.official.name;
    $("chief-badge").hidden = !hello.official.chief;
    $("chief-bar").hidden = !hello.official.chief;
    $("stage-name").textContent = hello.stage.event_name + " · " + hello.stage.name;
    receive(hello.standings);
  });
  socket.on("standings", receive);

  function receive(standings) {
    if (!PodiumOfficial.takeStandings(state, standings)) return;
    if (!state.chosen || !heatByKey(state.heat)) state.heat = standings.current_heat;
    render();
  }

  function heatByKey(key) {
    var heats = state.standings ? state.standings.heats : [];
    for (var i = 0; i < heats.length; i++) if (heats[i].heat === key) return heats[i];
    return null;
  }
  function rule() { return state.standings.rule; }
  function hand() { return rule().timing === "hand"; }

  /* ---- rendering ---- */
  function render() {
    renderTabs();
    var s = state.standings;
    var heat = heatByKey(state.heat);
    var drawing = !heat && !!s.from_stage;
    $("draw").hidden = !drawing;
    if (!drawing) $("decide").hidden = true;
    if (drawing) {
      $("draw-text").textContent = fmt(TEXT.draw_wait, { stage: s.from_stage });
      $("seed").hidden = !state.hello.official.chief;
    }
    $("heat").hidden = !heat;
    if (!heat) return;
    var main = $("heat");
    main.dataset.heat = heat.heat;
    main.dataset.status = heat.status;
    $("heat-status").textContent = heat.name + " · " + (TEXT.heat_status[heat.status] || heat.status);
    var confirmed = heat.confirmed;
    $("clock-start").disabled = confirmed || heat.clock.running;
    $("clock-stop").disabled = confirmed || !heat.clock.running;
    $("clock-reset").disabled = confirmed || (!heat.clock.running && !heat.clock.elapsed_ms);
    $("confirm").disabled = confirmed;
    $("reopen").disabled = !confirmed;
    $("placings-save").disabled = confirmed;
    buildRows(heat);
    heat.results.forEach(function (r) { updateRow(r, confirmed); });
    showOrder(heat);
    tick();
  }

  function renderTabs() {
    var nav = $("heats");
    nav.innerHTML = "";
    state.standings.heats.forEach(function (h) {
      var b = el("button", { type: "button", "data-heat": h.heat, "data-status": h.status }, h.name);
      if (h.heat === state.heat) b.classList.add("viewing");
      b.addEventListener("click", function () { state.heat = h.heat; state.chosen = true; state.order = []; render(); });
      nav.appendChild(b);
    });
  }

  /* The rows are built once per heat and start list, then updated in place (inputs keep their text). */
  function buildRows(heat) {
    var signature = heat.heat + "|" + heat.results.map(function (r) { return r.entry; }).join(",");
    if (state.built === signature) return;
    state.built = signature;
    state.order = heat.results.filter(function (r) { return r.placing; })
      .sort(function (a, b) { return a.placing - b.placing; }).map(function (r) { return r.entry; });
    var body = document.querySelector("#start-list tbody");
    body.innerHTML = "";
    heat.results.forEach(function (r) {
      var tr = el("tr", { "data-entry": r.entry });
      tr.appendChild(el("td", { "class": "lane" }, r.lane !== null ? r.lane : r.order));
      var who = el("td", { "class": "who" });
      who.appendChild(el("div", { "class": "name" }, r.name));
      if (r.name_bo && r.name_bo !== r.name) who.appendChild(el("div", { "class": "name-bo", lang: "bo" }, r.name_bo));
      who.appendChild(el("div", { "class": "unit" }, r.unit || ""));
      tr.appendChild(who);
      tr.appendChild(el("td", { "class": "attempts" }));
      var entry = el("td", { "class": "entry" });
      var inputs = el("div", { "class": "inputs" });
      if (hand()) {
        [1, 2, 3].forEach(function (n) {
          inputs.appendChild(el("input", { "class": "watch", "data-watch": String(n), inputmode: "decimal",
                                           autocomplete: "off", placeholder: fmt(TEXT.watch, { n: n }) }));
        });
      } else {
        inputs.appendChild(el("input", { "class": "value", inputmode: "decimal", autocomplete: "off",
                                         placeholder: rule().measure === "time" ? TEXT.value_hint : rule().unit || "" }));
      }
      entry.appendChild(inputs);
      entry.appendChild(el("button", { type: "button", "class": "record" }, TEXT.record));
      var status = el("select", { "class": "status" });
      status.appendChild(el("option", { value: "" }, TEXT.no_status));
      if (rule().measure !== "time" || rule().attempts > 1) status.appendChild(el("option", { value: "NM" }, TEXT.attempt_nm));
      ["DNS", "DNF", "DQ"].forEach(function (code) { status.appendChild(el("option", { value: code }, TEXT.statuses[code])); });
      entry.appendChild(status);
      tr.appendChild(entry);
      tr.appendChild(el("td", { "class": "result" }));
      tr.appendChild(el("td", { "class": "rank" }));
      var finish = el("td", { "class": "finish" });
      finish.appendChild(el("button", { type: "button", "class": "place" }, "+"));
      tr.appendChild(finish);
      body.appendChild(tr);
    });
  }

  function updateRow(r, confirmed) {
    var tr = document.querySelector('#start-list tr[data-entry="' + r.entry + '"]');
    if (!tr) return;
    tr.dataset.total = r.total || "";
    tr.dataset.rank = r.rank || "";
    tr.dataset.status = r.mark_status || "";
    var chips = tr.querySelector(".attempts");
    chips.innerHTML = "";
    var wide = [];
    r.attempts.forEach(function (a) {
      var chip = el("button", { type: "button", "class": "chip" + (a.corrected ? " corrected" : "") + (a.status ? " is-status" : "")
                                + (a.wide ? " wide" : ""), "data-attempt": String(a.number),
                                title: a.watches ? a.watches.join(" / ") : "" }, a.text + (a.wide ? " ⚠" : ""));
      chip.disabled = confirmed;
      chips.appendChild(chip);
      if (a.wide) wide.push(a);
    });
    /* the server flags a hand time whose watches disagree by more than the rule's watch_spread */
    tr.dataset.wide = wide.length ? "true" : "false";
    wide.forEach(function (a) {
      chips.appendChild(el("div", { "class": "spread-warning", role: "alert", "data-attempt": String(a.number) },
        fmt(TEXT.wide_spread, { n: a.number, spread: a.spread, allowed: rule().watch_spread }) + " (" + a.watches.join(" / ") + ")"));
    });
    tr.querySelector(".result").textContent = r.total || (r.mark_status || "");
    tr.querySelector(".rank").textContent = r.rank || "";
    var left = r.attempts.length < rule().attempts && !r.mark_status;
    Array.prototype.forEach.call(tr.querySelectorAll(".entry input, .entry .record"), function (i) { i.disabled = confirmed || !left; });
    var select = tr.querySelector(".status");
    select.disabled = confirmed;
    select.value = "";
    tr.querySelector(".place").disabled = confirmed;
  }

  function showOrder(heat) {
    var names = {};
    heat.results.forEach(function (r) { names[r.entry] = (r.lane !== null ? r.lane + "·" : "") + r.name; });
    $("placing-order").textContent = state.order.length ? state.order.map(function (k) { return names[k]; }).join(" → ") : "—";
    Array.prototype.forEach.call(document.querySelectorAll("#start-list tr[data-entry]"), function (tr) {
      var at = state.order.indexOf(tr.dataset.entry);
      tr.querySelector(".place").textContent = at >= 0 ? String(at + 1) : "+";
      tr.querySelector(".place").classList.toggle("placed", at >= 0);
    });
  }

  /* m:ss.t from milliseconds (tenths shown while the clock runs). */
  function raceTime(ms) {
    var tenths = Math.floor(ms / 100);
    var s = Math.floor(tenths / 10);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0") + "." + (tenths % 10);
  }

  function tick() {
    var heat = state.standings && heatByKey(state.heat);
    if (!heat) return;
    var c = heat.clock;
    var ms = c.running && c.started_at ? Date.now() + state.offset - Date.parse(c.started_at) : c.elapsed_ms;
    var clock = $("race-clock");
    clock.textContent = raceTime(Math.max(0, ms));
    clock.dataset.running = c.running ? "true" : "false";
    clock.classList.toggle("over", !!(c.limit_ms && ms > c.limit_ms));
  }
  setInterval(tick, 100);

  /* ---- actions ---- */
  function send(event, payload) {
    setAck("pending", socket.connected ? TEXT.sending : TEXT.queued);
    return box.put(event, payload);
  }

  var clearOnAck = {};
  function acknowledged(item, ack) {
    if (!ack.ok && item.event === "seed" && ack.error === "needs_decision") showDecision();
    if (ack.ok) {
      setAck("ok", TEXT.done);
      var tr = clearOnAck[item.payload.client_id];
      if (tr) Array.prototype.forEach.call(tr.querySelectorAll(".entry input"), function (i) { i.value = ""; });
    } else {
      setAck("error", PodiumOfficial.refusal(TEXT.errors, ack));
    }
    delete clearOnAck[item.payload.client_id];
  }

  function setAck(kind, text) { var a = $("ack"); a.dataset.state = kind; a.textContent = text; }

  function recordRow(tr) {
    var payload = { entry: tr.dataset.entry };
    if (hand()) {
      var watches = Array.prototype.map.call(tr.querySelectorAll("input.watch"), function (i) { return i.value.trim(); })
        .filter(function (v) { return v !== ""; });
      if (!watches.length) return;
      payload.watches = watches;
    } else {
      var value = tr.querySelector("input.value").value.trim();
      if (value === "") return;
      payload.value = value;
    }
    var item = send("attempt", payload);
    clearOnAck[item.payload.client_id] = tr;
    var next = tr.nextElementSibling && tr.nextElementSibling.querySelector(".entry input:not(:disabled)");
    if (next) next.focus();
  }

  var table = $("start-list");
  table.addEventListener("click", function (ev) {
    var tr = ev.target.closest("tr[data-entry]");
    if (!tr) return;
    if (ev.target.closest(".record")) { recordRow(tr); return; }
    var chip = ev.target.closest(".chip");
    if (chip) { correct(tr, Number(chip.dataset.attempt)); return; }
    if (ev.target.closest(".place")) {
      var at = state.order.indexOf(tr.dataset.entry);
      if (at >= 0) state.order.splice(at, 1); else state.order.push(tr.dataset.entry);
      showOrder(heatByKey(state.heat));
    }
  });
  table.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" || !ev.target.closest(".entry input")) return;
    ev.preventDefault();
    var tr = ev.target.closest("tr[data-entry]");
    var inputs = Array.prototype.slice.call(tr.querySelectorAll(".entry input"));
    var at = inputs.indexOf(ev.target);
    if (at < inputs.length - 1 && inputs[at + 1].value === "" && ev.target.classList.contains("watch")) { inputs[at + 1].focus(); return; }
    recordRow(tr);
  });
  table.addEventListener("change", function (ev) {
    var select = ev.target.closest("select.status");
    if (!select || !select.value) return;
    var tr = select.closest("tr[data-entry]");
    var code = select.value;
    var name = tr.querySelector(".name").textContent;
    if (code === "NM") { send("attempt", { entry: tr.dataset.entry, status: "NM" }); return; }
    if (code === "DQ") {
      openDialog(fmt(TEXT.status_title, { status: code, name: name }), false, function (value, reason) {
        send("status", { entry: tr.dataset.entry, status: code, reason: reason });
      });
      select.value = "";
      return;
    }
    send("status", { entry: tr.dataset.entry, status: code });
  });

  function correct(tr, number) {
    openDialog(fmt(TEXT.correct_title, { n: number, name: tr.querySelector(".name").textContent }), true, function (value, reason) {
      var payload = { entry: tr.dataset.entry, attempt: number, reason: reason };
      if (/^(NM|DNF|DQ|DNS)$/i.test(value)) payload.status = value.toUpperCase();
      else if (hand() && /\s*\/\s*/.test(value)) payload.watches = value.split("/").map(function (v) { return v.trim(); });
      else payload.value = value;
      send("correct", payload);
    });
  }

  function openDialog(title, withValue, done) {
    state.dialog = done;
    $("dialog-title").textContent = title;
    $("dialog-value-row").hidden = !withValue;
    $("dialog-value").value = "";
    $("dialog-reason").value = "";
    $("dialog").hidden = false;
    (withValue ? $("dialog-value") : $("dialog-reason")).focus();
  }
  $("dialog-ok").addEventListener("click", function () {
    var done = state.dialog;
    state.dialog = null;
    $("dialog").hidden = true;
    if (done) done($("dialog-value").value.trim(), $("dialog-reason").value.trim());
  });
  $("dialog-cancel").addEventListener("click", function () { state.dialog = null; $("dialog").hidden = true; });

  function clockAction(action) { send("clock", { heat: state.heat, action: action }); }
  $("clock-start").addEventListener("click", function () { clockAction("start"); });
  $("clock-stop").addEventListener("click", function () { clockAction("stop"); });
  $("clock-reset").addEventListener("click", function () { clockAction("reset"); });
  $("placings-clear").addEventListener("click", function () { state.order = []; showOrder(heatByKey(state.heat)); });
  $("placings-save").addEventListener("click", function () { send("placings", { heat: state.heat, order: state.order.slice() }); });
  $("confirm").addEventListener("click", function () {
    var heat = heatByKey(state.heat);
    if (window.confirm(fmt(TEXT.confirm, { heat: heat.name }))) send("confirm", { heat: state.heat });
  });
  $("reopen").addEventListener("click", function () {
    openDialog(fmt(TEXT.reopen_title, { heat: heatByKey(state.heat).name }), false, function (value, reason) {
      send("reopen", { heat: state.heat, reason: reason });
    });
  });
  $("seed").addEventListener("click", function () { send("seed", {}); });

  /* A tie at a qualifying cut: the chief recorder ticks who goes through (the heats' ranking, those
   * through by place already ticked) and gives the reason; they are seeded in ranking order. */
  function showDecision() {
    var from = state.standings && state.standings.from_stage;
    if (!from) return;
    fetch("/api/v1/stages/" + encodeURIComponent(from) + "/standings").then(function (r) { return r.json(); }).then(function (heats) {
      var list = $("decide-list");
      list.innerHTML = "";
      heats.rows.filter(function (r) { return r.rank !== null; }).forEach(function (r) {
        var li = el("li", { "data-entry": r.entry });
        var box = el("input", { type: "checkbox", "data-qualify": r.entry });
        box.checked = !!r.qualified;
        var label = el("label");
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + r.rank + ". " + r.name + " " + (r.unit || "") + " · " + r.total +
                                                  (r.heat ? " · " + r.heat : "")));
        li.appendChild(label);
        list.appendChild(li);
      });
      $("decide").hidden = false;
    });
  }
  $("decide-seed").addEventListener("click", function () {
    var chosen = Array.prototype.filter.call(document.querySelectorAll("#decide-list input[data-qualify]"), function (b) { return b.checked; })
      .map(function (b) { return b.dataset.qualify; });
    send("seed", { qualified: chosen, reason: $("decide-reason").value.trim() });
  });

  window.podiumRecorder = { state: function () { return state; }, outbox: function () { return box.items(); } };
})();
