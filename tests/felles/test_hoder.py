"""Headers (issue 14 point 9): every answer forbids the browser features the product does not
use; every answer to a logged-in person is kept in no cache."""

import pytest
from django.urls import reverse

from tests.factories import EnhetFactory, PasientFactory, TilknytningFactory
from tests.verden import ansatt_i

pytestmark = pytest.mark.django_db


def test_innlogget_side_lagres_ikke_i_noen_buffer(client):
    enhet = EnhetFactory()
    ansatt = ansatt_i(enhet)
    pasient = PasientFactory()
    TilknytningFactory(pasient=pasient, enhet=enhet)
    client.force_login(ansatt.bruker)
    for url in ("/", reverse("koordinering:pasient-detalj", args=[pasient.pk])):
        svar = client.get(url)
        assert svar.status_code == 200, url
        verdier = {v.strip() for v in svar["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= verdier, url
        assert "camera=()" in svar["Permissions-Policy"]
        assert "geolocation=()" in svar["Permissions-Policy"]


def test_ogsaa_en_fremmeds_404_og_innloggingssiden_har_hodene(client):
    svar = client.get("/logg-inn/")
    assert "microphone=()" in svar["Permissions-Policy"]
    ansatt = ansatt_i(EnhetFactory())
    client.force_login(ansatt.bruker)
    fremmed = client.get(reverse("koordinering:pasient-detalj", args=[PasientFactory().pk]))
    assert fremmed.status_code == 404
    assert "no-store" in fremmed["Cache-Control"]
