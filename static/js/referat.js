// The minutes form with JavaScript: an action-item row is removed with a button (the row is
// hidden and its «Fjern» box checked, so the next save deletes it), and a row added by htmx
// gets the keyboard focus. Without this script the «Fjern» boxes and the «Legg til rad»
// button (which then shows the form again from the server) do the same.
(function () {
  "use strict";

  function forbedre(rot) {
    rot.querySelectorAll("[data-oppgaverad]").forEach(function (rad) {
      var boks = rad.querySelector("[data-fjern-boks]");
      var knapp = rad.querySelector("[data-fjern-knapp]");
      if (!boks || !knapp) return;
      boks.hidden = true;
      knapp.hidden = false;
      if (rad.hasAttribute("data-fjernet")) rad.hidden = true;
    });
  }

  document.addEventListener("click", function (hendelse) {
    var knapp = hendelse.target.closest("[data-fjern-knapp]");
    if (!knapp) return;
    var rad = knapp.closest("[data-oppgaverad]");
    var boks = rad.querySelector("[data-fjern-rad]");
    boks.checked = true;
    rad.hidden = true;
    rad.setAttribute("data-fjernet", "");
    boks.dispatchEvent(new Event("change", { bubbles: true }));
    var leggTil = document.getElementById("legg-til-rad");
    if (leggTil) leggTil.focus();
  });

  document.addEventListener("htmx:afterSwap", function (hendelse) {
    if (!hendelse.detail.target || hendelse.detail.target.id !== "oppgaverader") return;
    forbedre(hendelse.detail.target);
    var rader = hendelse.detail.target.querySelectorAll("[data-oppgaverad]:not([hidden])");
    var ny = rader[rader.length - 1];
    var felt = ny && ny.querySelector("input:not([type=hidden]), select, textarea");
    if (felt) felt.focus();
  });

  forbedre(document);
})();
