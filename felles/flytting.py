"""Moving models between apps without moving data (ADR 0010).

A moved model keeps its table (`db_table`), so only Django's bookkeeping must follow: the
content type row changes its app label, and with it every permission and guardian grant that
points to it, under the same ids. Used by the migrations that move models; keep it stable."""


def innholdstyper_flytt(apps, *, fra: str, til: str, modeller: list[str]) -> None:
    """Relabel the content types of `modeller` from app `fra` to app `til`. A model whose
    content type does not exist yet (a new database) is skipped: Django makes it after
    migrating, under the new label."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for modell in modeller:
        if ContentType.objects.filter(app_label=til, model=modell).exists():
            continue
        ContentType.objects.filter(app_label=fra, model=modell).update(app_label=til)


def flytt_innholdstyper(*, fra: str, til: str, modeller: list[str]):
    """The forward and backward functions for `migrations.RunPython`."""

    def fram(apps, schema_editor):
        innholdstyper_flytt(apps, fra=fra, til=til, modeller=modeller)

    def tilbake(apps, schema_editor):
        innholdstyper_flytt(apps, fra=til, til=fra, modeller=modeller)

    return fram, tilbake
