"""Moving models between apps without moving data (ADR 0010).

A moved model keeps its table (`db_table`), so only Django's bookkeeping must follow: the
content type row changes its app label, and with it every permission and guardian grant that
points to it, under the same ids. Used by the migrations that move models; keep it stable."""


def innholdstyper_flytt(
    apps, *, fra: str, til: str, modeller: list[str], using: str = "default"
) -> None:
    """Relabel the content types of `modeller` from app `fra` to app `til`. A model whose
    content type does not exist yet (a new database) is skipped: Django makes it after
    migrating, under the new label. `using` is the migrating connection (the owner role, not
    the runtime role the router would pick)."""
    innholdstyper = apps.get_model("contenttypes", "ContentType").objects.using(using)
    for modell in modeller:
        if innholdstyper.filter(app_label=til, model=modell).exists():
            continue
        innholdstyper.filter(app_label=fra, model=modell).update(app_label=til)


def flytt_innholdstyper(*, fra: str, til: str, modeller: list[str]):
    """The forward and backward functions for `migrations.RunPython`."""

    def fram(apps, schema_editor):
        innholdstyper_flytt(
            apps, fra=fra, til=til, modeller=modeller, using=schema_editor.connection.alias
        )

    def tilbake(apps, schema_editor):
        innholdstyper_flytt(
            apps, fra=til, til=fra, modeller=modeller, using=schema_editor.connection.alias
        )

    return fram, tilbake
