"""Migration koordinering 0012 fills `Oppnevning.tjenesteenhet` for existing appointments from
the membership history at the moment each appointment was registered (ADR 0005): a person who
has moved since keeps the unit they worked in then, so the migration gives no new access."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from koordinering.models import Medlemskap, Oppnevning
from tests.factories import (
    AnsattFactory,
    EnhetFactory,
    MedlemskapFactory,
    OppnevningFactory,
    OrganisasjonFactory,
)
from tests.verden import ansatt_i

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite cannot alter tables inside the migration's transaction with FKs on",
    ),
]

FOER = [("koordinering", "0011_sperring")]


def migrer(maal) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(maal)


def test_tjenesteenheten_fylles_fra_medlemskapet_da_oppnevningen_ble_gjort():
    org = OrganisasjonFactory()
    oppnevnende, tildeling, ny_enhet = (EnhetFactory(organisasjon=org) for _ in range(3))
    leder = ansatt_i(oppnevnende, leder=True)

    # Member of the appointing unit and of another: the appointing unit.
    begge = ansatt_i(tildeling)
    MedlemskapFactory(ansatt=begge, enhet=oppnevnende)
    # Worked in Tildelingskontoret when appointed, moved to another unit since: Tildeling.
    flyttet = ansatt_i(tildeling)
    # No membership at all: the appointing unit (which then opens nothing).
    uten = AnsattFactory(organisasjon=org)
    opprettet = timezone.now()

    oppnevninger = {
        navn: OppnevningFactory(
            ansatt=ansatt, enhet=oppnevnende, oppnevnt_av=leder, opprettet=opprettet
        )
        for navn, ansatt in {"begge": begge, "flyttet": flyttet, "uten": uten}.items()
    }
    medlemskap = flyttet.medlemskap.get()
    medlemskap.enhet = ny_enhet
    medlemskap.save()
    with connection.cursor() as cursor:  # the move came a day after the appointment
        cursor.execute(
            f"UPDATE {Medlemskap.history.model._meta.db_table} SET history_date = %s "
            "WHERE id = %s AND history_type = '~'",
            [opprettet + timedelta(days=1), medlemskap.pk],
        )

    try:
        migrer(FOER)
        migrer([("koordinering", "0012_oppnevning_tjenesteenhet")])
    finally:
        migrer(MigrationExecutor(connection).loader.graph.leaf_nodes())

    enhet_for = dict(
        Oppnevning.objects.filter(pk__in=[o.pk for o in oppnevninger.values()]).values_list(
            "pk", "tjenesteenhet_id"
        )
    )
    assert enhet_for[oppnevninger["begge"].pk] == oppnevnende.pk
    assert enhet_for[oppnevninger["flyttet"].pk] == tildeling.pk
    assert enhet_for[oppnevninger["uten"].pk] == oppnevnende.pk
