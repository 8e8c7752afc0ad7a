"""The world of the koordinering access tests (test_tilgang.py, test_tilgangsmatrise.py; the
ansvarsgruppe matrix builds on it). One hand-made world (built with factories and the services,
so the guardian grants an appointment makes exist):

- kommune A: KE, Hjemmetjenesten, Tildelingskontoret
- kommune B: Hjemmetjenesten
- a hospital: KE, Medisinsk avdeling
- patient P, connected (Tilknytning) to A/Hjemmetjenesten, with a consent, a relative, a need
  report that led to an appointment, and one more need report that is still pending.

Users: the appointed koordinator (A/Tildelingskontoret, so access comes only through the
appointment), a colleague in A/Hjemmetjenesten, the KE of A, the leader of A/Hjemmetjenesten
(who made the appointment), a stranger in the same organisation (A/Tildelingskontoret), a
koordinator in kommune B, hospital staff and an anonymous visitor.

The clock is frozen on Wednesday 11 March 2026 at noon in Oslo.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.urls import reverse

from felles.models import Handling, Tilgangsgrunnlag, Tilgangslogg
from koordinering import services
from koordinering.models import (
    Ansatt,
    Behov,
    Behovsmelding,
    Medlemskap,
    Oppnevning,
    Parorende,
    Pasient,
    Samtykke,
    Tilknytning,
)
from tests.factories import EnhetFactory
from tests.verden import IDAG, Organisasjoner, ansatt_i, bygg_organisasjoner, fodselsnummer

# ---------------------------------------------------------------------------------------------
# The world
# ---------------------------------------------------------------------------------------------


@dataclass
class Verden(Organisasjoner):
    brukere: dict[str, AbstractBaseUser | None]
    pasient: Pasient
    tilknytning: Tilknytning
    samtykke: Samtykke
    parorende: Parorende
    oppnevning: Oppnevning
    ventende_behov: Behovsmelding

    def ansatt(self, navn: str) -> Ansatt:
        return self.brukere[navn].ansatt


def bygg_verden() -> Verden:
    o = bygg_organisasjoner(
        sykehusnavn="Sykehuset",
        hjemmetjenesten="Hjemmetjenesten A",
        tildelingskontoret="Tildelingskontoret A",
    )

    leder = ansatt_i(o.a_hjemme, leder=True)
    koordinator = ansatt_i(o.a_tildeling, koordinatoropplaering_fullfort=date(2025, 1, 1))
    kollega = ansatt_i(o.a_hjemme)
    ke = ansatt_i(o.a_ke)
    fremmed = ansatt_i(o.a_tildeling)
    kommune_b_ansatt = ansatt_i(o.b_hjemme)
    sykehus_ansatt = ansatt_i(o.s_medisinsk)

    pasient = services.pasient_opprett(
        actor=leder.bruker,
        enhet=o.a_hjemme,
        tilknytning_fra=IDAG - timedelta(days=30),
        begrunnelse="Vedtak om hjemmesykepleie",
        fodselsnummer=fodselsnummer(date(1958, 4, 17), 123),
        fornavn="Petronella",
        etternavn="Prøvestad",
    )
    samtykke = services.samtykke_registrer(
        actor=kollega.bruker,
        pasient=pasient,
        gjelder_planprosess=True,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        gyldig_fra=IDAG - timedelta(days=10),
        gyldig_til=IDAG + timedelta(days=365),
    )
    parorende = services.parorende_opprett(
        actor=kollega.bruker,
        pasient=pasient,
        navn="Per Prøvestad",
        relasjon=Parorende.Relasjon.EKTEFELLE,
    )
    behov = services.behovsmelding_opprett(
        actor=kollega.bruker,
        pasient=pasient,
        enhet=o.a_hjemme,
        behov=Behov.KOORDINATOR,
        komplekse_behov=True,
        begrunnelse="Mange tjenester som må samordnes",
    )
    oppnevning = services.oppnevning_opprett(
        actor=leder.bruker,
        behovsmelding=behov,
        ansatt=koordinator,
        mandat="Samordne tjenestene",
        startdato=IDAG,
        pasientens_onsker_hort=True,
    )
    ventende = services.behovsmelding_opprett(
        actor=kollega.bruker,
        pasient=pasient,
        enhet=o.a_hjemme,
        behov=Behov.INDIVIDUELL_PLAN,
        langvarige_behov=True,
        begrunnelse="Pasienten ønsker individuell plan",
    )
    return Verden(
        **vars(o),
        brukere={
            "koordinator": koordinator.bruker,
            "kollega": kollega.bruker,
            "ke": ke.bruker,
            "leder": leder.bruker,
            "fremmed": fremmed.bruker,
            "kommune_b": kommune_b_ansatt.bruker,
            "sykehus": sykehus_ansatt.bruker,
            "anonym": None,
        },
        pasient=pasient,
        tilknytning=pasient.tilknytninger.get(),
        samtykke=samtykke,
        parorende=parorende,
        oppnevning=oppnevning,
        ventende_behov=ventende,
    )


def logget(pasient: Pasient, etter: int) -> list[Tilgangslogg]:
    """The reads and changes of the patient logged after row `etter` (refused attempts apart)."""
    return list(
        Tilgangslogg.objects.filter(pasient=pasient, pk__gt=etter)
        .exclude(handling=Handling.AVVIST)
        .order_by("pk")
    )


def avviste(pasient: Pasient, etter: int) -> list[Tilgangslogg]:
    """Refused attempts at the patient's pages logged after row `etter`."""
    return list(
        Tilgangslogg.objects.filter(pasient=pasient, pk__gt=etter, handling=Handling.AVVIST)
    )


def siste_logg_id() -> int:
    siste = Tilgangslogg.objects.order_by("-pk").first()
    return siste.pk if siste else 0


def klient_for(client, bruker):
    if bruker is not None:
        client.force_login(bruker)
    return client


# ---------------------------------------------------------------------------------------------
# The matrix
# ---------------------------------------------------------------------------------------------

# Which object id each URL takes, and whether the view only accepts POST.
URLER = {
    "pasient-detalj": ("pasient", "GET"),
    "pasient-endre": ("pasient", "GET"),
    "parorende-opprett": ("pasient", "GET"),
    "tilknytning-opprett": ("pasient", "GET"),
    "samtykke-opprett": ("pasient", "GET"),
    "behov-opprett": ("pasient", "GET"),
    "samtykke-trekk": ("samtykke", "GET"),
    "parorende-endre": ("parorende", "GET"),
    "parorende-fjern": ("parorende", "GET"),
    "tilknytning-avslutt": ("tilknytning", "GET"),
    "oppnevning-detalj": ("oppnevning", "GET"),
    "oppnevning-brev": ("oppnevning", "GET"),
    "oppnevning-mandat-aksepter": ("oppnevning", "POST"),
    "oppnevning-avslutt": ("oppnevning", "GET"),
    "oppnevning-bytt": ("oppnevning", "GET"),
    "behov-detalj": ("ventende_behov", "GET"),
    "behov-oppnevn": ("ventende_behov", "POST"),
    "behov-avslaa": ("ventende_behov", "POST"),
    "behov-beslutt": ("ventende_behov", "POST"),
    "pasient-tilgang": ("pasient", "GET"),
    "innsyn-pdf": ("pasient", "GET"),
}

BRUKERTYPER = ("koordinator", "kollega", "ke", "leder", "fremmed", "kommune_b", "sykehus", "anonym")

# The relationship that gives each user access to P, as the access log must record it.
GRUNNLAG = {
    "koordinator": Tilgangsgrunnlag.OPPNEVNING,
    "kollega": Tilgangsgrunnlag.ENHET,
    "ke": Tilgangsgrunnlag.KE,
    "leder": Tilgangsgrunnlag.ENHET,
}


def url_for(v: Verden, url_navn: str) -> str:
    objekt = getattr(v, URLER[url_navn][0])
    return reverse(f"koordinering:{url_navn}", kwargs={"pk": objekt.pk})


# ---------------------------------------------------------------------------------------------
# Access ends when the job ends (issue 14, point 4)
# ---------------------------------------------------------------------------------------------
# The appointed koordinator reaches P only through the appointment (their unit,
# Tildelingskontoret A, has no connection to P). Each change is made the way an administrator or
# a script would make it; fresh objects are read, so the world's objects stay as they were.

UTEN_ENHET_TEKST = "Du er ikke knyttet til en enhet"


def _koordinator(v: Verden) -> Ansatt:
    return Ansatt.objects.select_related("bruker").get(pk=v.ansatt("koordinator").pk)


def avslutt_medlemskap(v: Verden) -> None:
    _koordinator(v).medlemskap.get().delete()


def flytt_til_annen_enhet(v: Verden) -> None:
    medlemskap = _koordinator(v).medlemskap.get()
    medlemskap.enhet = EnhetFactory(organisasjon=v.kommune_a)
    medlemskap.save()


def flytt_til_annen_organisasjon(v: Verden) -> None:
    ansatt = _koordinator(v)
    ansatt.organisasjon = v.kommune_b
    ansatt.save()
    ansatt.medlemskap.create(enhet=v.b_hjemme)


def flytt_til_annen_organisasjon_uten_enhet(v: Verden) -> None:
    """The old membership row is left behind in kommune A: it is no current membership."""
    ansatt = _koordinator(v)
    ansatt.organisasjon = v.kommune_b
    ansatt.save()


def deaktiver(v: Verden) -> None:
    bruker = _koordinator(v).bruker
    bruker.is_active = False
    bruker.save()


def flytt_utenom_krokene(v: Verden) -> None:
    """A script moves the membership in SQL, past the hooks that remove the
    grants: the stale grant stays, and must open nothing (the appointee's unit is kept on the
    appointment, and they are no longer a member of it)."""
    ny = EnhetFactory(organisasjon=v.kommune_a)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Medlemskap._meta.db_table} SET enhet_id = %s WHERE ansatt_id = %s",
            [ny.pk, v.ansatt("koordinator").pk],
        )


def slett_medlemskap_utenom_krokene(v: Verden) -> None:
    """A script removes the membership past the hooks: the grant stays, and opens nothing."""
    medlemskap = _koordinator(v).medlemskap.all()
    medlemskap._raw_delete(using=medlemskap.db)


# Each change, and what the koordinator's next request to a patient URL answers: 404 as for
# what does not exist while the person still has a unit; the Norwegian «no unit» page (403) when
# no current membership is left; the login page (302) for a deactivated user.
LIVSLOP = {
    "avslutt_medlemskap": (avslutt_medlemskap, 403),
    "flytt_til_annen_enhet": (flytt_til_annen_enhet, 404),
    "flytt_til_annen_organisasjon": (flytt_til_annen_organisasjon, 404),
    "flytt_til_annen_organisasjon_uten_enhet": (flytt_til_annen_organisasjon_uten_enhet, 403),
    "deaktiver": (deaktiver, 302),
    "flytt_utenom_krokene": (flytt_utenom_krokene, 404),
    "slett_medlemskap_utenom_krokene": (slett_medlemskap_utenom_krokene, 403),
}
