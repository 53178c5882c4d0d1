/* Idle-timeout warning (ASVS 3.3.2): the server logs a person out after SESSION_IDLE_MINUTES without a
   request (tidlig/accounts/middleware.py). Shortly before that, show a banner with a button that tells
   the server the person is still here. No inline script: settings come from data attributes. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var idle = parseInt(script.dataset.idleSeconds, 10);
  var warn = parseInt(script.dataset.warningSeconds, 10);
  var url = script.dataset.keepaliveUrl;
  var csrf = script.dataset.csrfToken;
  if (!idle || !url) { return; }
  var warnTimer = null;
  var endTimer = null;
  var banner = null;

  function hide() {
    if (banner) { banner.hidden = true; }
  }

  function show() {
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "alert alert-warning tidlig-session-warning";
      banner.setAttribute("role", "alertdialog");
      banner.setAttribute("aria-live", "assertive");
      banner.setAttribute("data-testid", "session-warning");
      var body = document.createElement("div");
      body.className = "alert-body";
      var text = document.createElement("p");
      text.className = "alert-text";
      text.textContent = script.dataset.message;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-primary";
      button.textContent = script.dataset.button;
      button.addEventListener("click", keepAlive);
      body.appendChild(text);
      body.appendChild(button);
      banner.appendChild(body);
      var main = document.getElementById("main-content") || document.body;
      main.insertBefore(banner, main.firstChild);
    }
    banner.hidden = false;
    banner.querySelector("button").focus();
  }

  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(show, Math.max(0, idle - warn) * 1000);
    // After the limit the server has ended the session: reload, and the login page says why.
    endTimer = setTimeout(function () { window.location.reload(); }, (idle + 2) * 1000);
  }

  function keepAlive() {
    fetch(url, { method: "POST", headers: { "X-CSRFToken": csrf }, credentials: "same-origin" })
      .then(function (r) {
        if (r.ok) { hide(); schedule(); } else { window.location.reload(); }
      });
  }

  // Every htmx request reaches the server and counts as activity there.
  document.body.addEventListener("htmx:afterRequest", function () { hide(); schedule(); });
  schedule();
})();
