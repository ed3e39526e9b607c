/*
 * Podium venue board: shows the LED board (/board/<stage>) of whatever stage is running at one
 * venue, in a full-screen frame. Polls the venue's /now API every data-poll seconds (sooner after
 * a failure, at once when the network or the tab comes back) and swaps the frame only when the
 * stage changes: the new board loads behind the old one, which stays on screen until the new one
 * is live.
 *
 * Test hooks: #venue-board[data-stage][data-reason][data-connection], #venue-frame[data-stage]
 * (the frame on screen), window.podiumVenueBoard.state() and .poll().
 */
(function () {
  'use strict';

  var RETRY_MS = 3000;        // after a failed poll
  var LOAD_TIMEOUT_MS = 15000; // a new board that never reports `load` is shown anyway
  var LIVE_WAIT_MS = 5000;     // after `load`, wait this long at most for the board to be live

  var root = document.getElementById('venue-board');
  var idle = document.getElementById('venue-idle');
  var nextLine = idle.querySelector('.vb-next');
  var clock = idle.querySelector('.vb-clock');
  var offline = root.querySelector('.vb-offline');
  var api = root.getAttribute('data-api');
  var pollMs = Math.max(1, parseInt(root.getAttribute('data-poll'), 10) || 10) * 1000;
  var boardQuery = root.getAttribute('data-board-query') || '';   // w, h, lang of this page, for the board
  var strings = {};
  try { strings = JSON.parse(document.getElementById('venue-strings').textContent) || {}; } catch (e) { strings = {}; }

  var frame = document.getElementById('venue-frame');   // the frame on screen (null when idle)
  var pending = null;                                    // a frame loading behind it
  var current = root.getAttribute('data-stage') || null;
  var timer = null;
  var inFlight = false;
  var polls = 0;

  function boardSrc(url) {
    return boardQuery ? url + (url.indexOf('?') < 0 ? '?' : '&') + boardQuery : url;
  }

  function setConnection(state) {
    root.setAttribute('data-connection', state);
    offline.hidden = state !== 'offline';
  }

  function showIdle(payload) {
    var next = payload.next;
    nextLine.hidden = !next;
    if (next) {
      var what = next.event_name + ' · ' + next.stage_name + ', ' + (next.date || '') + ' ' + (next.slot || '');
      nextLine.textContent = (strings.next || '{what}').replace('{what}', what);
    }
    clock.textContent = payload.local_time || '';
  }

  function drop(node) {
    if (node && node.parentNode) { node.parentNode.removeChild(node); }   // a board's socket closes with it
  }

  function reveal(next) {
    if (pending !== next) { return; }   // superseded by a later switch
    pending = null;
    next.classList.remove('vb-loading');
    drop(frame);
    next.id = 'venue-frame';
    frame = next;
    idle.hidden = true;
  }

  function load(payload) {
    drop(pending);
    var next = document.createElement('iframe');
    next.className = 'vb-frame vb-loading';
    next.setAttribute('data-stage', payload.stage);
    next.title = payload.event_name + ' · ' + payload.stage_name;
    pending = next;
    var shown = false;
    function done() {
      if (shown) { return; }
      shown = true;
      reveal(next);
    }
    // Shown once its board is live (has its first snapshot), so the screen never shows "connecting".
    function whenLive(tries) {
      var board = null;
      try { board = next.contentDocument && next.contentDocument.getElementById('board'); } catch (e) { board = null; }
      if (!board || board.getAttribute('data-connection') === 'live' || tries <= 0) { done(); return; }
      setTimeout(function () { whenLive(tries - 1); }, 100);
    }
    next.addEventListener('load', function () { whenLive(LIVE_WAIT_MS / 100); });
    setTimeout(done, LOAD_TIMEOUT_MS);
    next.src = boardSrc(payload.board_url);
    root.insertBefore(next, idle);
  }

  function show(payload) {
    showIdle(payload);
    root.setAttribute('data-reason', payload.reason || '');
    var stage = payload.stage || null;
    if (stage === current) { return; }   // same stage: leave the board alone (no flicker)
    current = stage;
    root.setAttribute('data-stage', stage || '');
    if (stage) {
      load(payload);
      return;
    }
    drop(pending);
    drop(frame);
    pending = frame = null;
    idle.hidden = false;
  }

  function schedule(ms) {
    clearTimeout(timer);
    timer = setTimeout(poll, ms);
  }

  function poll() {
    if (inFlight) { return; }
    inFlight = true;
    clearTimeout(timer);
    var xhr = new XMLHttpRequest();
    xhr.open('GET', api, true);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.timeout = 8000;
    function failed() {
      inFlight = false;
      setConnection('offline');
      schedule(Math.min(pollMs, RETRY_MS));
    }
    xhr.onload = function () {
      var payload = null;
      if (xhr.status === 200) {
        try { payload = JSON.parse(xhr.responseText); } catch (e) { payload = null; }
      }
      if (!payload) { failed(); return; }
      inFlight = false;
      polls += 1;
      setConnection('live');
      show(payload);
      schedule(pollMs);
    };
    xhr.onerror = failed;
    xhr.ontimeout = failed;
    xhr.send();
  }

  window.addEventListener('online', poll);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') { poll(); }
  });

  window.podiumVenueBoard = {
    poll: poll,
    state: function () {
      return { stage: current, connection: root.getAttribute('data-connection'), polls: polls,
               pollMs: pollMs, loading: pending ? pending.getAttribute('data-stage') : null };
    }
  };

  schedule(pollMs);
}());
