// Disable a form's submit buttons while it is being sent, so a double click sends once.
// Progressive: without this script the forms work as before (the server also ignores a
// repeated submission token). A page shown again from the back/forward cache is enabled again.
(function () {
  "use strict";
  document.addEventListener("submit", function (hendelse) {
    var skjema = hendelse.target;
    if (!(skjema instanceof HTMLFormElement) || hendelse.defaultPrevented) return;
    // htmx sends these itself and swaps the answer in: leave them to htmx.
    if (skjema.matches("[hx-post], [hx-get], [hx-put], [hx-delete]")) return;
    if (skjema.dataset.sender === "ja") {
      hendelse.preventDefault();
      return;
    }
    skjema.dataset.sender = "ja";
    // After the browser has read the clicked button's name/value for the submission.
    window.setTimeout(function () {
      skjema.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")
        .forEach(function (knapp) {
          knapp.disabled = true;
          knapp.setAttribute("aria-disabled", "true");
        });
    }, 0);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sender=ja]").forEach(function (skjema) {
      delete skjema.dataset.sender;
      skjema.querySelectorAll("[aria-disabled=true]").forEach(function (knapp) {
        knapp.disabled = false;
        knapp.removeAttribute("aria-disabled");
      });
    });
  });
})();
