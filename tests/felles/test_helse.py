import pytest

pytestmark = pytest.mark.django_db


def test_helsesjekk_uten_innlogging_viser_database_og_meldingskoe(client):
    response = client.get("/helse/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


def test_helsesjekk_melder_feil_naar_meldingskoen_ikke_svarer(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    from config.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/helse/")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json()["broker"] == "feil"
    assert response.json()["database"] == "ok"
