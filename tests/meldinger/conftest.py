"""A small world for messages: the demo organisations and users (Fjordvik kommune, Åsdal
kommune, Helse Vestfjord HF) and a patient followed by the hospital's medical department only."""

import uuid
from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.oppsett import demo_brukere_opprett, demo_organisasjoner_opprett
from koordinering.models import Enhet, Pasient
from meldinger import services
from meldinger.models import Melding, Meldingstype
from tests.factories import PasientFactory, TilknytningFactory

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(navn: str = "epikrise.pdf", innhold: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(navn, innhold, content_type="application/pdf")


@dataclass
class Verden:
    brukere: dict
    enheter: dict
    pasient: Pasient

    def __getattr__(self, navn: str):
        # v.ke_kommune → the user «ke.kommune»
        brukere = self.__dict__.get("brukere", {})
        if navn.replace("_", ".", 1) in brukere:
            return brukere[navn.replace("_", ".", 1)]
        raise AttributeError(navn)

    def enhet(self, org: str, navn: str) -> Enhet:
        return self.enheter[(org, navn)]

    def send_behov(self, **endringer) -> Melding:
        """Hospital koordinator → the kommune's KE: need for a plan and a koordinator."""
        data = {
            "actor": self.koordinator_sykehus,
            "pasient": self.pasient,
            "type": Meldingstype.BEHOV_IP_KOORDINATOR,
            "avsender_enhet": self.enhet("sykehus", "Medisinsk avdeling"),
            "mottaker_enhet": self.enhet("fjordvik", "Koordinerende enhet"),
            "emne": "Behov for individuell plan og koordinator",
            "tekst": "ALS, mange tjenester i kommunen må samordnes.",
        }
        return services.melding_send(**(data | endringer))


@pytest.fixture
def v(db) -> Verden:
    organisasjoner = demo_organisasjoner_opprett()
    demo_brukere_opprett(organisasjoner)
    kort = {"964000018": "fjordvik", "964000026": "asdal", "983000010": "sykehus"}
    enheter = {
        (kort[e.organisasjon.organisasjonsnummer], e.navn): e
        for e in Enhet.objects.select_related("organisasjon")
    }
    brukere = {u.username: u for u in get_user_model().objects.all()}
    pasient = PasientFactory(fornavn="Nils", etternavn="Bakke")
    TilknytningFactory(
        pasient=pasient,
        enhet=enheter[("sykehus", "Medisinsk avdeling")],
        fra=date(2025, 1, 1),  # fixed: a test travels to a fixed day
    )
    return Verden(brukere=brukere, enheter=enheter, pasient=pasient)


def ny_id() -> uuid.UUID:
    return uuid.uuid4()
