// The console's only script: hand Telegram's init data (in the URL fragment) to the server.
"use strict";
(function () {
  function initData() {
    var hash = window.location.hash.slice(1);
    if (!hash) return "";
    var params = new URLSearchParams(hash);
    return params.get("tgWebAppData") || "";
  }
  function signIn(data) {
    var csrf = document.querySelector('meta[name="csrf"]').getAttribute("content");
    var body = new URLSearchParams({ init_data: data, csrf: csrf });
    fetch("/app/auth/telegram", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (j) { return [r.ok, j]; }); })
      .then(function (pair) {
        if (pair[0] && pair[1].ok) {
          // The fragment goes: init data never stays in the address bar or the history.
          window.location.replace(pair[1].next);
        } else {
          document.getElementById("signin-failed").classList.remove("hidden");
        }
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var data = initData();
    if (data && document.getElementById("signin-status")) signIn(data);
    document.querySelectorAll("form.filters select").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
  });
})();
