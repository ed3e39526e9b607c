/* Judge tablet: one large input per criterion, submit over Socket.IO, show the server's ack.
 * Marks, and the chief judge's actions, are kept in an outbox (localStorage) until the server
 * acknowledges them, and re-sent with the same client_id after a reconnect or reload, so nothing is
 * lost or counted twice; `next` names the entry it leaves, so a late resend never skips one. */
(function () {
  "use strict";
  var TEXT = JSON.parse(document.getElementById("tablet-text").textContent);
  var token = window.PODIUM_TOKEN;
  var OUTBOX_KEY = "podium.outbox." + token;
  var $ = function (id) { return document.getElementById(id); };
  var app = $("app");

  var state = { hello: null, current: null, viewing: null, followCurrent: true, locked: {}, mine: {}, panel: null };

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  /* Exact decimal checks on strings: scale to integers, never compare floats. */
  function places(s) { var i = s.indexOf("."); return i < 0 ? 0 : s.length - i - 1; }
  function scaled(s, p) {
    var neg = s.charAt(0) === "-"; if (neg) s = s.slice(1);
    var parts = s.split("."); var frac = (parts[1] || "");
    while (frac.length < p) frac += "0";
    var n = parseInt(parts[0] + frac, 10);
    return neg ? -n : n;
  }
  function checkMark(raw, c) {
    var s = String(raw).trim().replace(/^\+/, "");
    if (!/^-?\d+(\.\d+)?$/.test(s)) return "not_a_number";
    var p = Math.max(places(s), places(c.step), places(c.min), places(c.max));
    var v = scaled(s, p), lo = scaled(c.min, p), hi = scaled(c.max, p), st = scaled(c.step, p);
    if (v < lo || v > hi) return "out_of_range";
    if ((v - lo) % st !== 0) return "bad_step";
    return null;
  }

  var socket = PodiumOfficial.connect("/judge", token, app, function () { $("refused").hidden = false; });
  var box = new PodiumOfficial.Outbox(socket, OUTBOX_KEY, acknowledged);

  socket.on("hello", function (hello) {
    state.hello = hello;
    state.mine = {};
    Object.keys(hello.my_marks).forEach(function (k) { state.mine[k] = hello.my_marks[k]; });
    state.locked = {};
    hello.entries.forEach(function (e) { if (e.locked) state.locked[e.entry] = true; });
    $("judge-name").textContent = hello.judge.name;
    $("chief-badge").hidden = !hello.judge.chief;
    $("chief").hidden = !hello.judge.chief;
    $("stage-name").textContent = hello.stage.event_name + " · " + hello.stage.name;
    setCurrent(hello.current);
    buildDeductions();
  });

  socket.on("stage", function (s) {
    state.locked = {};
    s.locked.forEach(function (k) { state.locked[k] = true; });
    setCurrent(s.current);
  });

  socket.on("panel", function (panel) { state.panel = panel; renderPanel(); });
  socket.on("revoked", function () { $("refused").hidden = false; });  // someone else sits on this seat now

  function entryByKey(key) {
    if (!state.hello) return null;
    for (var i = 0; i < state.hello.entries.length; i++) if (state.hello.entries[i].entry === key) return state.hello.entries[i];
    return null;
  }

  function setCurrent(key) {
    var changed = key !== state.current;
    state.current = key;
    if (changed) state.followCurrent = true;
    if (state.followCurrent) state.viewing = key;
    render();
  }

  function view(key) {
    state.viewing = key;
    state.followCurrent = key === state.current;
    render();
  }

  function render() {
    if (!state.hello) return;
    var entry = entryByKey(state.viewing);
    var cur = $("current");
    cur.dataset.entry = entry ? entry.entry : "";
    $("entry-order").textContent = entry ? entry.order : "";
    var waiting = state.hello.judge.chief ? $("entry-name").dataset.chiefWaiting : $("entry-name").textContent;
    $("entry-name").textContent = entry ? entry.name + (entry.name_bo ? "  " + entry.name_bo : "") : waiting;
    $("entry-unit").textContent = entry ? (entry.unit || "") : "";
    var locked = entry && state.locked[entry.entry];
    $("entry-state").textContent = !entry ? "" : locked ? TEXT.locked : entry.entry === state.current ? TEXT.called : "";
    cur.className = locked ? "locked" : "";
    buildForm(entry, locked);
    renderEntries();
  }

  function buildForm(entry, locked) {
    var form = $("marks");
    var previous = form.dataset.entry;
    if (!entry) { form.innerHTML = ""; $("submit").disabled = true; return; }
    if (previous !== entry.entry) {
      form.innerHTML = "";
      form.dataset.entry = entry.entry;
      var saved = (state.mine[entry.entry] || {}).marks || {};
      state.hello.criteria.forEach(function (c) {
        var row = document.createElement("div");
        row.className = "criterion";
        row.innerHTML =
          '<label><span class="cname"></span><span class="range"></span></label>' +
          '<div class="stepper"><button type="button" class="minus" aria-label="-">−</button>' +
          '<input type="number" inputmode="decimal"><button type="button" class="plus" aria-label="+">+</button></div>' +
          '<div class="problem"></div>';
        row.querySelector(".cname").textContent = c.name;
        row.querySelector(".range").textContent = fmt(TEXT.range, { min: c.min, max: c.max, step: c.step });
        var input = row.querySelector("input");
        input.dataset.criterion = c.key;
        input.min = c.min; input.max = c.max; input.step = c.step;
        input.value = saved[c.key] !== undefined ? saved[c.key] : "";
        input.addEventListener("input", validate);
        row.querySelector(".minus").addEventListener("click", function () { nudge(input, c, -1); });
        row.querySelector(".plus").addEventListener("click", function () { nudge(input, c, 1); });
        form.appendChild(row);
      });
      setAck("", "");
    }
    Array.prototype.forEach.call(form.querySelectorAll("input,button"), function (el) { el.disabled = !!locked; });
    validate();
  }

  function nudge(input, c, dir) {
    var p = Math.max(places(c.step), places(c.min));
    var cur = input.value === "" ? (dir > 0 ? scaled(c.min, p) - scaled(c.step, p) : scaled(c.max, p) + scaled(c.step, p)) : scaled(String(input.value), p);
    var next = Math.min(Math.max(cur + dir * scaled(c.step, p), scaled(c.min, p)), scaled(c.max, p));
    var s = String(Math.abs(next)); while (s.length <= p) s = "0" + s;
    input.value = (next < 0 ? "-" : "") + (p ? s.slice(0, s.length - p) + "." + s.slice(s.length - p) : s);
    validate();
  }

  function collect() {
    var marks = {}, ok = true, total = 0, p = 6;
    state.hello.criteria.forEach(function (c) {
      var input = $("marks").querySelector('input[data-criterion="' + c.key + '"]');
      var problem = input.value === "" ? "missing_criterion" : checkMark(input.value, c);
      input.parentNode.parentNode.classList.toggle("bad", !!problem && input.value !== "");
      input.parentNode.parentNode.querySelector(".problem").textContent = problem && input.value !== "" ? TEXT.errors[problem] : "";
      if (problem) { ok = false; return; }
      marks[c.key] = Number(input.value);
      total += scaled(String(input.value), p) * scaled(c.weight, p);
    });
    return { ok: ok, marks: marks, total: ok ? total / Math.pow(10, 2 * p) : null };
  }

  function validate() {
    if (!state.viewing) return;
    var r = collect();
    $("submit").disabled = !r.ok || !!state.locked[state.viewing];
    $("my-total").textContent = r.ok ? r.total.toFixed(state.hello.stage.decimals) : "—";
  }

  function setAck(kind, text, revision) {
    var ack = $("ack");
    ack.dataset.state = kind;
    ack.dataset.revision = revision || "";
    ack.textContent = text;
  }

  $("submit").addEventListener("click", function () {
    var r = collect();
    if (!r.ok) { setAck("error", TEXT.fix); return; }
    var entry = state.viewing;
    setAck("pending", socket.connected ? TEXT.sending : TEXT.queued);
    box.put("submit", { entry: entry, marks: r.marks }, function (old) { return old.payload.entry === entry; });
  });

  function acknowledged(item, ack) {
    if (item.event !== "submit") { chiefAcknowledged(ack); return; }
    var sent = item.payload;
    var showing = sent.entry === state.viewing;
    if (ack.ok) {
      state.mine[sent.entry] = { revision: ack.revision, marks: sent.marks };
      if (showing) setAck("ok", fmt(TEXT.saved, { n: ack.revision }), ack.revision);
      renderEntries();
    } else if (showing) {
      setAck("error", PodiumOfficial.refusal(TEXT.errors, ack));
      if (ack.error === "bad_token") $("refused").hidden = false;
    }
  }

  function renderEntries() {
    var nav = $("entries");
    nav.innerHTML = "";
    state.hello.entries.forEach(function (e) {
      var b = document.createElement("button");
      b.type = "button";
      b.dataset.entry = e.entry;
      b.textContent = e.order + ". " + e.name;
      var tag = state.locked[e.entry] ? "locked" : state.mine[e.entry] ? "marked" : null;
      if (tag) {
        var span = document.createElement("span");
        span.className = "tag " + tag;
        span.textContent = TEXT[tag + "_short"];
        b.appendChild(span);
      }
      if (e.entry === state.current) b.classList.add("current");
      if (e.entry === state.viewing) b.classList.add("viewing");
      b.addEventListener("click", function () { view(e.entry); });
      nav.appendChild(b);
    });
  }

  /* ---- chief judge ---- */
  function renderAuditWarning(warning) {  // podium run's audit check failed (scoring/audit.py)
    $("audit-warning").hidden = !warning;
    $("audit-warning-detail").textContent = warning || "";
  }

  function renderPanel() {
    var panel = state.panel;
    if (!panel || !state.hello || !state.hello.judge.chief) return;
    renderAuditWarning(panel.audit_warning);
    $("panel-entry").textContent = panel.entry ? panel.name : "";
    var crit = state.hello.criteria;
    var head = $("panel").querySelector("thead tr");
    head.innerHTML = "<th></th>" + crit.map(function (c) { return "<th></th>"; }).join("") + "<th></th>";
    var ths = head.querySelectorAll("th");
    ths[0].textContent = "#";
    crit.forEach(function (c, i) { ths[i + 1].textContent = c.name; });
    ths[crit.length + 1].textContent = "∑";
    var body = $("panel").querySelector("tbody");
    body.innerHTML = "";
    panel.judges.forEach(function (j) {
      var tr = document.createElement("tr");
      tr.dataset.judge = j.judge;
      tr.dataset.total = j.total || "";
      tr.dataset.outlier = j.outlier ? "true" : "false";
      if (j.outlier) tr.className = "outlier";
      if (!j.in) tr.classList.add("missing");
      var cells = [j.name].concat(crit.map(function (c) { return j.in ? j.marks[c.key] : "·"; }))
        .concat([j.in ? j.total + (j.outlier ? " ⚠ " + TEXT.outlier : "") : TEXT.waiting]);
      cells.forEach(function (text) { var td = document.createElement("td"); td.textContent = text; tr.appendChild(td); });
      body.appendChild(tr);
    });
    $("lock").disabled = !panel.entry || !panel.complete || panel.locked;
    $("unlock").disabled = !panel.entry || !panel.locked;
    Array.prototype.forEach.call($("deductions").querySelectorAll("input"), function (input) {
      if (document.activeElement !== input) input.value = (panel.deductions || {})[input.dataset.deduction] || "";
      input.disabled = !panel.entry || panel.locked;
    });
  }

  function buildDeductions() {
    var box = $("deductions");
    box.innerHTML = "";
    if (!state.hello.judge.chief) return;
    state.hello.deductions.forEach(function (d) {
      var label = document.createElement("label");
      label.textContent = d.name + (d.unit ? " (" + d.unit + ")" : "") + " ";
      var input = document.createElement("input");
      input.type = "number"; input.inputMode = "decimal"; input.min = "0"; input.dataset.deduction = d.key;
      input.addEventListener("change", function () {
        if (!state.panel || !state.panel.entry) return;
        var amounts = {}; amounts[d.key] = Number(input.value || 0);
        var entry = state.panel.entry;
        chiefSend("deduct", { entry: entry, deductions: amounts }, function (old) {
          return old.event === "deduct" && old.payload.entry === entry && d.key in old.payload.deductions;
        });
      });
      label.appendChild(input);
      box.appendChild(label);
    });
  }

  /* A chief's action goes through the outbox like a scorecard: kept until acknowledged, resent with
   * its client_id after a reconnect (`replaces` drops a queued action it supersedes). */
  function chiefSend(event, payload, replaces) {
    var out = $("chief-ack");
    out.dataset.state = "pending";
    out.textContent = socket.connected ? TEXT.sending : TEXT.queued;
    box.put(event, payload, replaces);
  }

  function chiefAcknowledged(ack) {
    var out = $("chief-ack");
    out.dataset.state = ack.ok ? "ok" : "error";
    out.textContent = ack.ok ? TEXT.done : PodiumOfficial.refusal(TEXT.errors, ack);
    if (ack.error === "bad_token") $("refused").hidden = false;
  }

  $("lock").addEventListener("click", function () {
    if (state.panel && state.panel.entry && window.confirm(TEXT.confirm_lock)) chiefSend("lock", { entry: state.panel.entry });
  });
  $("unlock").addEventListener("click", function () { if (state.panel && state.panel.entry) chiefSend("unlock", { entry: state.panel.entry }); });
  $("next").addEventListener("click", function () { chiefSend("next", { leaving: state.current || null }); });

  window.podiumTablet = { state: function () { return state; }, outbox: function () { return box.items(); } };
})();
