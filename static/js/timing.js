/* Timings a page may be given in its query string, e.g. /board/final?page_ms=2000&retry_ms=200:
 * page_ms (a board's ranking page rotation), retry_ms and retry_max_ms (reconnect delays). A venue
 * can slow a rotation down; the tests make every wait a few hundred milliseconds. */
(function (global) {
  'use strict';
  var query = new URLSearchParams(global.location.search);
  global.PodiumTiming = function (name, fallback) {
    var value = parseInt(query.get(name), 10);
    return value > 0 && value <= 3600000 ? value : fallback;
  };
})(window);
