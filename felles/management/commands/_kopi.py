"""Shared by `sikkerhetskopi` and `gjenopprett`: where a backup lives and how to reach the
database with the command-line tools (pg_dump / pg_restore read the password from the
environment, never from the command line). Both run as the owner role when `DATABASE_MIGRATE_URL`
is set (felles/dbroller.py)."""

import os
from pathlib import Path

from django.conf import settings
from django.db import connections

from felles.dbroller import eieralias

DATABASEFIL = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIAFIL = "media.tar.gz"


def motor() -> str:
    return connections[eieralias()].vendor


def pg_miljo() -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump / pg_restore / psql."""
    db = settings.DATABASES[eieralias()]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    miljo = dict(os.environ)
    if db.get("PASSWORD"):
        miljo["PGPASSWORD"] = db["PASSWORD"]
    return args, miljo


def media_rot() -> Path:
    return Path(settings.MEDIA_ROOT)
