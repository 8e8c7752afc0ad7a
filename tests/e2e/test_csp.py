"""The browser enforces the Content-Security-Policy, and the e2e check sees a refusal: an
inline script and a style attribute put into a page are refused and reported."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_nettleseren_avviser_innebygd_skript_og_stil_og_vakten_ser_det(besok, demo_live):
    besok.logg_inn("koordinator.kommune")
    besok.sjekk("start")  # the page itself is clean
    besok.page.evaluate("""() => {
      const s = document.createElement("script");
      s.textContent = "window.innebygd = true";
      document.body.append(s);
      document.body.insertAdjacentHTML("beforeend", '<p style="color: red">rød</p>');
    }""")
    besok.page.wait_for_timeout(200)
    assert besok.page.evaluate("window.innebygd === undefined")
    assert any("inline script" in b for b in besok.csp_brudd), besok.csp_brudd
    assert any("inline style" in b for b in besok.csp_brudd), besok.csp_brudd
    besok.csp_brudd.clear()  # seen and expected; the fixture's own check stays for the rest
