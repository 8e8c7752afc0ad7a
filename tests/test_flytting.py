"""Moving the ansvarsgruppe models out of koordinering and the reminders out of meldinger
(ADR 0010) moves no data: a database filled by `seed_demo` at the schema before the move
migrates to the new one with every table, row, history row, content type and permission kept.

The database is filled with today's code (the tables are the same before and after the move),
taken back to the migrations production runs before the move, measured, and migrated forward.
"""

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm

from ansvarsgruppe.models import Ansvarsgruppe, Mote, Referat

pytestmark = pytest.mark.django_db(transaction=True)

# The last migrations before the move, and the apps the move made.
FORRIGE = [("koordinering", "0004_paminnelse_indekser"), ("meldinger", "0005_varsel_indekser")]
# The move's own migrations (later ones, such as new fields, are applied after the checks).
FLYTTINGEN = {
    ("koordinering", "0005_ansvarsgruppe_flyttet"),
    ("meldinger", "0006_varsler_flyttet"),
    ("ansvarsgruppe", "0001_initial"),
    ("varsler", "0001_initial"),
}
NYE_APPER = ["ansvarsgruppe", "varsler"]
# The one table the move renames: simple-history names the minutes' attendance history after
# the app of the model.
OMDOPT = {
    "koordinering_historicalreferat_til_stede": "ansvarsgruppe_historicalreferat_til_stede",
}
FLYTTET = {
    "ansvarsgruppe": {
        "ansvarsgruppe",
        "gruppemedlem",
        "mote",
        "sakspunkt",
        "referat",
        "sakspunktnotat",
        "oppgave",
    },
    "varsler": {"paminnelse", "skannestatus", "varsel", "varslingsvalg"},
}
FRA_APP = {"ansvarsgruppe": "koordinering", "varsler": "meldinger"}


def migrer(maal: list[tuple[str, str | None]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(maal)


def siste() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def radantall() -> dict[str, int]:
    with connection.cursor() as cursor:
        tabeller = connection.introspection.table_names(cursor)
        antall = {}
        for tabell in tabeller:
            if tabell == "django_migrations":  # the move's own migrations; checked apart
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(tabell)}")
            antall[OMDOPT.get(tabell, tabell)] = cursor.fetchone()[0]
    return antall


def innholdstyper() -> dict[tuple[str, str], int]:
    return {(ct.app_label, ct.model): ct.pk for ct in ContentType.objects.all()}


def tillatelser() -> set[tuple[int, int, str]]:
    return set(Permission.objects.values_list("pk", "content_type_id", "codename"))


@pytest.fixture
def fylt():
    call_command("seed_demo", "--demo-brukere", "--patients", "300", verbosity=0)
    # A guardian grant on a moved model, as an installation may have made one.
    gruppe = Ansvarsgruppe.objects.order_by("pk").first()
    bruker = gruppe.opprettet_av.bruker
    assign_perm("ansvarsgruppe.view_ansvarsgruppe", bruker, gruppe)
    # Attendance, so the one renamed table (its history) has rows too.
    referat = Referat.objects.order_by("pk").first()
    referat.til_stede.set(referat.mote.gruppe.medlemmer.all())
    return gruppe, bruker


def test_flyttingen_beholder_hver_rad_innholdstype_og_tillatelse(fylt):
    gruppe, bruker = fylt
    assert Mote.objects.exists() and Referat.til_stede.through.objects.exists()
    assert radantall()["ansvarsgruppe_historicalreferat_til_stede"] > 0
    nye_foer = innholdstyper()

    migrer([*FORRIGE, *((app, None) for app in NYE_APPER)])
    # Production before the move: the moved models' content types under their old apps.
    gamle = innholdstyper()
    for app, modeller in FLYTTET.items():
        for modell in modeller:
            assert (FRA_APP[app], modell) in gamle
            assert (app, modell) not in gamle
    foer = radantall()
    tillatelser_foer = tillatelser()
    anvendt_foer = set(MigrationRecorder(connection).applied_migrations())
    grant_foer = set(UserObjectPermission.objects.values_list("pk", "permission_id", "object_pk"))

    migrer(sorted(FLYTTINGEN))

    assert radantall() == foer
    assert set(MigrationRecorder(connection).applied_migrations()) - anvendt_foer == FLYTTINGEN
    etter = innholdstyper()
    for app, modeller in FLYTTET.items():
        for modell in modeller:
            # The same row, relabelled: its permissions and grants follow by id.
            assert etter[(app, modell)] == gamle[(FRA_APP[app], modell)]
            assert (FRA_APP[app], modell) not in etter
    assert etter == nye_foer
    assert tillatelser() == tillatelser_foer
    assert (
        set(UserObjectPermission.objects.values_list("pk", "permission_id", "object_pk"))
        == grant_foer
    )
    assert bruker.has_perm("ansvarsgruppe.view_ansvarsgruppe", gruppe)
    migrer(siste())
    # Every model, historical and many-to-many tables included, reads a table that exists.
    tabeller = set(connection.introspection.table_names())
    modeller = django_apps.get_models(include_auto_created=True)
    assert {m._meta.db_table for m in modeller} <= tabeller
    # History of the moved models is still read by the models themselves.
    assert Referat.history.exists()
    assert Referat.til_stede.through.objects.exists()
