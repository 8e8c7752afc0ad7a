# The power of attorney's scope becomes a list of Min plan areas (Omraade); the old free text
# is kept as the note (merknad). An existing fullmakt covered everything in practice (the text
# governed nothing), so it keeps every area.

from django.db import migrations, models
from django.db.models import Q

OMRAADER = ["plan", "innspill", "moter", "meldinger", "samtykke", "innsyn"]


def fyll_omfang(apps, schema_editor):
    # On the migration's own connection: `migrate` runs as the owner role («eier»), and a query
    # on the default alias (the runtime role) would wait for this migration's lock for ever.
    Representasjon = apps.get_model("minplan", "Representasjon")
    alias = schema_editor.connection.alias
    Representasjon.objects.using(alias).filter(art="fullmakt").update(omfang=OMRAADER)


class Migration(migrations.Migration):
    dependencies = [
        ("minplan", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="representasjon",
            name="representasjon_fullmakt_med_omfang",
        ),
        migrations.RenameField("representasjon", "omfang", "merknad"),
        migrations.RenameField("historicalrepresentasjon", "omfang", "merknad"),
        migrations.AlterField(
            model_name="historicalrepresentasjon",
            name="merknad",
            field=models.TextField(
                blank=True,
                help_text="For eksempel hvor fullmakten eller vergemålet er dokumentert.",
                max_length=1000,
                verbose_name="merknad",
            ),
        ),
        migrations.AlterField(
            model_name="representasjon",
            name="merknad",
            field=models.TextField(
                blank=True,
                help_text="For eksempel hvor fullmakten eller vergemålet er dokumentert.",
                max_length=1000,
                verbose_name="merknad",
            ),
        ),
        migrations.AddField(
            model_name="historicalrepresentasjon",
            name="omfang",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="For fullmakt: det fullmektigen får gjøre i Min plan (minst ett).",
                verbose_name="hva fullmakten gjelder",
            ),
        ),
        migrations.AddField(
            model_name="representasjon",
            name="omfang",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="For fullmakt: det fullmektigen får gjøre i Min plan (minst ett).",
                verbose_name="hva fullmakten gjelder",
            ),
        ),
        migrations.RunPython(fyll_omfang, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="representasjon",
            constraint=models.CheckConstraint(
                condition=~Q(art="fullmakt") | ~Q(omfang=[]),
                name="representasjon_fullmakt_med_omraader",
                violation_error_message="Kryss av for hva fullmakten gjelder.",
            ),
        ),
    ]
