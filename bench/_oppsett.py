"""Shared set-up for the benchmarks: a database of their own, and Django configured for it.

The benchmarks never read DATABASE_URL, so a developer's or CI's database never gets their
synthetic data (and the access-log rows that cannot be deleted)."""

import os
import subprocess


def django_med_bench_database(navn: str) -> str:
    """Drop and recreate database `navn` (or use BENCH_DATABASE_URL), then set up Django."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        vert = os.environ.get("PGHOST", "127.0.0.1")
        port = os.environ.get("PGPORT", "5432")
        bruker = os.environ.get("PGUSER", "postgres")
        pg = ["-h", vert, "-p", port, "-U", bruker]
        subprocess.run(["dropdb", *pg, "--if-exists", navn], check=True)
        subprocess.run(["createdb", *pg, navn], check=True)
        url = f"postgres://{bruker}@{vert}:{port}/{navn}"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DEBUG"] = "False"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    return url
