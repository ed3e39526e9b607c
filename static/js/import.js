// The import pages: the progress bar polls the import's state until it is done or failed; the
// preview can hide the rows without problems.
(function () {
  "use strict";
  var bar = document.getElementById("import-progress");
  var result = document.getElementById("import-result");
  var status = document.getElementById("import-status");

  function show(state) {
    bar.max = state.total || 1;
    bar.value = state.state === "done" ? bar.max : state.done;
    if (state.state === "running") {
      status.textContent = state.message;
      window.setTimeout(poll, 300);
      return;
    }
    if (state.state !== "done" && state.state !== "failed") {
      status.textContent = state.message;
      return;
    }
    status.textContent = "";
    result.textContent = state.message;
    result.className = "flash " + (state.state === "done" ? "flash-ok" : "flash-error");
    result.setAttribute("data-state", state.state);
  }

  function poll() {
    fetch(bar.getAttribute("data-url"), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(show)
      .catch(function () { window.setTimeout(poll, 1500); });
  }

  if (bar && result && result.getAttribute("data-state") === "running") {
    poll();
  }

  var only = document.getElementById("only-problems");
  var rows = document.getElementById("import-rows");
  if (only && rows) {
    only.addEventListener("change", function () { rows.classList.toggle("only-problems", only.checked); });
  }
}());
