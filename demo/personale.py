"""The demo organisations' staff for the bulk data (`demo.bulk`): a pool of synthetic staff
per organisation (`bulk.<yrke>.<n>`, unusable passwords), and `Oppsett`, everything a run reads
once about organisations, units, leaders and who reports, appoints and is appointed."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from demo.syntetisk import ETTERNAVN, KVINNER, MENN
from koordinering.models import Ansatt, Enhet, Medlemskap, Organisasjon

EKSTRA_ANSATTE = 50  # synthetic staff per organisation

FJORDVIK, ASDAL, SYKEHUS = "964000018", "964000026", "983000010"
HJEMME, TILDELING, KE = "Hjemmetjenesten", "Tildelingskontoret", "Koordinerende enhet"
MEDISINSK, NEVRO, BARNE = "Medisinsk avdeling", "Nevrologisk avdeling", "Barne- og ungdomsklinikken"

Y = Ansatt.Yrke
YRKER = {
    "kommune": [Y.SYKEPLEIER, Y.VERNEPLEIER, Y.SYKEPLEIER, Y.ERGOTERAPEUT, Y.SYKEPLEIER]
    + [Y.FYSIOTERAPEUT, Y.SOSIONOM, Y.SYKEPLEIER, Y.VERNEPLEIER, Y.SYKEPLEIER],
    "sykehus": [Y.LEGE, Y.SYKEPLEIER, Y.LEGE, Y.SYKEPLEIER, Y.FYSIOTERAPEUT]
    + [Y.LEGE, Y.SYKEPLEIER, Y.PSYKOLOG, Y.ERGOTERAPEUT, Y.SOSIONOM],
}
ENHETER = {
    "kommune": [HJEMME] * 7 + [TILDELING] * 2 + [KE],
    "sykehus": [MEDISINSK] * 4 + [NEVRO] * 2 + [BARNE] * 3 + [KE],
}


def organisasjoner() -> tuple[dict[str, Organisasjon], dict[tuple[str, str], Enhet]]:
    """The demo organisations by number, and their units by (number, name)."""
    org = {
        o.organisasjonsnummer: o
        for o in Organisasjon.objects.filter(organisasjonsnummer__in=[FJORDVIK, ASDAL, SYKEHUS])
    }
    if len(org) != 3 or not Ansatt.objects.filter(bruker__username="leder.kommune").exists():
        raise RuntimeError("Demoorganisasjonene og demobrukerne må finnes (seed_demo).")
    enheter = Enhet.objects.filter(organisasjon__in=org.values()).select_related("organisasjon")
    return org, {(e.organisasjon.organisasjonsnummer, e.navn): e for e in enheter}


def ekstra_ansatte_opprett() -> int:
    """50 staff per organisation across its units, created once; units without a leader get
    their first synthetic member as leader (the demo leaders lead the others)."""
    User = get_user_model()
    org, enhet = organisasjoner()
    passord = make_password(None)  # unusable: these people never sign in
    nye = []  # (user, staff profile, unit)
    for k, orgnr in enumerate([FJORDVIK, ASDAL, SYKEHUS]):
        art = "kommune" if org[orgnr].er_kommune else "sykehus"
        for j in range(EKSTRA_ANSATTE):
            r = random.Random(f"ansatt-{orgnr}-{j}")  # noqa: S311 -- synthetic data
            yrke = YRKER[art][j % 10]
            bruker = User(
                username=f"bulk.{yrke}.{(k + 1) * 100 + j}",
                first_name=r.choice(KVINNER + MENN),
                last_name=r.choice(ETTERNAVN),
                password=passord,
            )
            opplaering = date(2020, 1, 1) + timedelta(days=r.randint(0, 2000))
            ansatt = Ansatt(
                bruker=bruker,
                organisasjon=org[orgnr],
                yrke=yrke,
                helsepersonell=yrke not in (Y.SOSIONOM, Y.ANNET),
                koordinatoropplaering_fullfort=opplaering if r.random() < 0.6 else None,
            )
            nye.append((bruker, ansatt, enhet[orgnr, ENHETER[art][(j + j // 10) % 10]]))
    finnes = set(
        User.objects.filter(username__in=[b.username for b, _, _ in nye]).values_list(
            "username", flat=True
        )
    )
    nye = [n for n in nye if n[0].username not in finnes]
    if not nye:
        return 0
    User.objects.bulk_create([b for b, _, _ in nye])
    bulk_create_with_history([a for _, a, _ in nye], Ansatt)
    har_leder = set(
        Medlemskap.objects.filter(rolle=Medlemskap.Rolle.LEDER).values_list("enhet_id", flat=True)
    )
    medlemskap = []
    for _, ansatt, e in nye:
        rolle = Medlemskap.Rolle.LEDER if e.pk not in har_leder else Medlemskap.Rolle.MEDARBEIDER
        har_leder.add(e.pk)
        medlemskap.append(Medlemskap(ansatt=ansatt, enhet=e, rolle=rolle))
    bulk_create_with_history(medlemskap, Medlemskap)
    return len(nye)


@dataclass
class Oppsett:
    idag: date
    org: dict[str, Organisasjon]
    enhet: dict[tuple[str, str], Enhet]
    demo: dict[str, Ansatt]
    leder: dict[int, Ansatt]  # unit id -> the leader who decides there
    meldere: dict[str, list[Ansatt]]  # staff who report needs and document consent
    koordinatorer: dict[str, list[Ansatt]]
    leger: list[Ansatt]
    se_pasient: Permission
    enheter_for: dict[int, list[int]]  # staff id -> their units in their own organisation


def oppsett_les() -> Oppsett:
    org, enhet = organisasjoner()
    ansatte = list(
        Ansatt.objects.filter(organisasjon__in=org.values())
        .select_related("bruker")
        .order_by("bruker__username")
    )
    leder = {}
    for m in (
        Medlemskap.objects.filter(rolle=Medlemskap.Rolle.LEDER, enhet__in=enhet.values())
        .select_related("ansatt__bruker")
        .order_by("-pk")
    ):
        leder[m.enhet_id] = m.ansatt  # the first leader of each unit wins
    ledere = {a.pk for a in leder.values()}
    demo = {a.bruker.username: a for a in ansatte}
    enheter_for = {}
    for ansatt_id, enhet_id in Medlemskap.objects.filter(
        ansatt__in=ansatte, enhet__organisasjon_id=F("ansatt__organisasjon_id")
    ).values_list("ansatt_id", "enhet_id"):
        enheter_for.setdefault(ansatt_id, []).append(enhet_id)

    def pool(orgnr, *demobrukere, yrke=None, helsepersonell=False):
        return [demo[navn] for navn in demobrukere] + [
            a
            for a in ansatte
            if a.bruker.username.startswith("bulk.")
            and a.organisasjon_id == org[orgnr].pk
            and a.pk not in ledere
            and (yrke is None or a.yrke == yrke)
            and (a.helsepersonell or not helsepersonell)
        ]

    return Oppsett(
        idag=timezone.localdate(),
        org=org,
        enhet=enhet,
        demo=demo,
        leder=leder,
        meldere={
            FJORDVIK: pool(FJORDVIK, "koordinator.kommune"),
            ASDAL: pool(ASDAL, "koordinator.kommune2"),
            SYKEHUS: pool(SYKEHUS, "koordinator.sykehus", "kontaktlege.sykehus"),
        },
        # koordinator.kommune is given exactly ANDEL_KOORDINATOR_KOMMUNE, not drawn from a pool.
        koordinatorer={
            FJORDVIK: pool(FJORDVIK),
            ASDAL: pool(ASDAL, "koordinator.kommune2"),
            SYKEHUS: pool(SYKEHUS, "koordinator.sykehus", helsepersonell=True),
        },
        leger=pool(SYKEHUS, "kontaktlege.sykehus", yrke=Y.LEGE),
        se_pasient=Permission.objects.get(
            content_type__app_label="koordinering", codename="view_pasient"
        ),
        enheter_for=enheter_for,
    )
