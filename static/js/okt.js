// The idle warning: shown OKT_VARSEL_SEKUNDER before the server ends an idle session.
// «Fortsett» posts to the refresh endpoint (which counts as activity on the server); every
// htmx request does too. When the limit passes the page goes to the login page.
(function () {
  "use strict";

  function csrfToken() {
    var headers = document.body.getAttribute("hx-headers");
    try {
      return JSON.parse(headers)["X-CSRFToken"];
    } catch (e) {
      return "";
    }
  }

  function start() {
    var dialog = document.getElementById("okt-varsel");
    if (!dialog) return;
    var tomgang = Number(dialog.dataset.tomgang) * 1000;
    var varsel = Number(dialog.dataset.varsel) * 1000;
    var varselTimer = null;
    var utloggingTimer = null;

    function planlegg() {
      window.clearTimeout(varselTimer);
      window.clearTimeout(utloggingTimer);
      varselTimer = window.setTimeout(function () {
        if (!dialog.open) dialog.showModal();
      }, Math.max(tomgang - varsel, 0));
      utloggingTimer = window.setTimeout(function () {
        window.location.assign(dialog.dataset.utloggetUrl);
      }, tomgang);
    }

    dialog.querySelector("[data-okt-fortsett]").addEventListener("click", function () {
      fetch(dialog.dataset.fortsettUrl, {
        method: "POST",
        headers: { "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
        redirect: "manual",
      }).then(function (svar) {
        if (svar.status === 204) {
          dialog.close();
          planlegg();
        } else {
          window.location.assign(dialog.dataset.utloggetUrl);
        }
      });
    });
    document.body.addEventListener("htmx:afterRequest", planlegg);
    planlegg();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
