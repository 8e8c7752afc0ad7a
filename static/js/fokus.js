// Keep the keyboard user in place (WCAG 2.4.3, 3.3.1). Progressive: without this script the
// error summary's links still jump to their fields and «Avbryt» is a link back to the view.
// - A page (or an htmx answer) with an error summary moves focus to the summary.
// - A link in the summary focuses its field (the first box of a group of boxes).
// - A form opened in place gets focus on its first field; a section swapped back after a save
//   or «Avbryt» gets focus on its heading, so focus is never left on a removed element.
(function () {
  "use strict";

  function fokuser(element) {
    if (!element) return;
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  function feltFor(id) {
    var felt = document.getElementById(id);
    if (felt && felt.matches("fieldset")) {
      return felt.querySelector("input, select, textarea");
    }
    return felt;
  }

  function fokuserFeiloppsummering(omraade) {
    var oppsummering = omraade.querySelector(".ds-error-summary");
    if (oppsummering) {
      fokuser(oppsummering);
      return true;
    }
    return false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    fokuserFeiloppsummering(document);
  });

  document.addEventListener("click", function (hendelse) {
    var lenke = hendelse.target.closest(".ds-error-summary a[href^='#']");
    if (!lenke) return;
    var felt = feltFor(decodeURIComponent(lenke.getAttribute("href").slice(1)));
    if (!felt) return;
    hendelse.preventDefault();
    felt.focus();
    felt.scrollIntoView({ block: "center" });
  });

  document.addEventListener("htmx:afterSettle", function (hendelse) {
    var maal = hendelse.detail && hendelse.detail.elt;
    if (!(maal instanceof Element) || !document.body.contains(maal)) return;
    if (fokuserFeiloppsummering(maal)) return;
    var skjema = maal.querySelector("form");
    if (skjema && maal.matches("[id$='-skjema']")) {
      fokuser(skjema.querySelector("input:not([type=hidden]), select, textarea"));
      return;
    }
    if (maal.matches("section")) {
      fokuser(maal.querySelector("h2, h3"));
    }
  });
})();
