/* Shared by officials' consoles (judge tablet, scorekeeper console): the login connection, client
 * ids, and the outbox that keeps every action until the server has acknowledged it (committed),
 * re-sending it with the same client_id after a reconnect or a reload, so nothing is lost or
 * counted twice. */
(function () {
  "use strict";

  function newClientId() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  /* connect(namespace, token, root, onRefused): a Socket.IO connection whose state is shown on
   * root[data-connection] and in root's .conn .label (texts in its data-live/-offline/-connecting). */
  function connect(namespace, token, root, onRefused) {
    var socket = io(namespace, { auth: { token: token }, transports: ["websocket", "polling"],
                             reconnectionDelay: window.PodiumTiming("retry_ms", 1000),
                             reconnectionDelayMax: window.PodiumTiming("retry_max_ms", 5000) });
    function show(state) {
      root.dataset.connection = state;
      var label = root.querySelector(".conn .label");
      if (label) label.textContent = label.dataset[state];
    }
    socket.on("connect", function () { show("live"); });
    socket.on("disconnect", function () { show("offline"); });
    socket.on("connect_error", function (err) {
      show("offline");
      if (err && (err.message === "bad_token" || err.message === "wrong_console")) { socket.disconnect(); onRefused(err.message); }
    });
    return socket;
  }

  /* An outbox in localStorage: items {event, payload} keyed by payload.client_id. */
  function Outbox(socket, storageKey, onAck) {
    this.socket = socket; this.key = storageKey; this.onAck = onAck;
    var self = this;
    socket.on("connect", function () { self.items().forEach(function (item) { self.send(item); }); });
  }
  Outbox.prototype.items = function () {
    try { return JSON.parse(localStorage.getItem(this.key)) || []; } catch (e) { return []; }
  };
  Outbox.prototype.save = function (items) { localStorage.setItem(this.key, JSON.stringify(items)); };
  /* put(event, payload, replaces): queue and send; `replaces(item)` drops older items it supersedes. */
  Outbox.prototype.put = function (event, payload, replaces) {
    payload.client_id = payload.client_id || newClientId();
    var item = { event: event, payload: payload };
    this.save(this.items().filter(function (old) { return !(replaces && replaces(old)); }).concat([item]));
    this.send(item);
    return item;
  };
  Outbox.prototype.send = function (item) {
    var self = this;
    if (!this.socket.connected) return;
    this.socket.timeout(8000).emit(item.event, item.payload, function (err, ack) {
      if (err) { if (self.socket.connected) self.send(item); return; }  // no answer: same client_id, stored once
      self.save(self.items().filter(function (i) { return i.payload.client_id !== item.payload.client_id; }));
      self.onAck(item, ack);
    });
  };

  /* The message shown for a refused action: the server's sentence in the reader's language (`text`,
   * podium/refusals.py), else the page's own text for the code. Never the English `message`. */
  function refusal(errors, ack) {
    return ack.text || errors[ack.error] || ack.error;
  }

  /* Keep a pushed standings snapshot unless it is older than the one held; the server's clock offset
   * comes with it (for clocks that run from the server's start time). True when it was kept. */
  function takeStandings(state, standings) {
    if (state.standings && standings.seq < state.standings.seq) return false;
    state.standings = standings;
    state.offset = Date.parse(standings.sent_at) - Date.now();
    return true;
  }

  window.PodiumOfficial = { newClientId: newClientId, connect: connect, Outbox: Outbox, refusal: refusal,
                            takeStandings: takeStandings };
})();
