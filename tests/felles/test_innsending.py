"""`felles.innsending.en_gang`: one result per submission token and user."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from felles.innsending import en_gang
from felles.models import Innsending
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_samme_token_gir_forste_resultat_og_feil_gir_ingen_token():
    bruker = UserFactory()
    token = uuid.uuid4()
    laget = []

    def lag():
        ny = UserFactory()
        laget.append(ny)
        return ny

    assert en_gang(token, actor=bruker, lag=lag) == en_gang(token, actor=bruker, lag=lag)
    assert len(laget) == 1

    def feiler():
        raise ValidationError("Nei")

    annen = uuid.uuid4()
    with pytest.raises(ValidationError):
        en_gang(annen, actor=bruker, lag=feiler)
    assert not Innsending.objects.filter(token=annen).exists()


def test_en_annen_brukers_token_avvises():
    token = uuid.uuid4()
    en_gang(token, actor=UserFactory(), lag=UserFactory)
    with pytest.raises(ValidationError) as feil:
        en_gang(token, actor=UserFactory(), lag=UserFactory)
    assert "Skjemaet kan ikke sendes igjen" in feil.value.messages[0]


def test_uten_token_lages_det_hver_gang():
    bruker = UserFactory()
    assert en_gang(None, actor=bruker, lag=UserFactory) != en_gang(
        None, actor=bruker, lag=UserFactory
    )
