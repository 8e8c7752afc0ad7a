"""Three people at once against the `make run` database: a SQLite file with the local settings.

Run by tests/felles/test_feilsider_og_sqlite.py in a fresh process (the suite itself runs on an
in-memory or PostgreSQL database): `python -m tests.felles.samtidige_brukere FIL [RUNDER]`.
Prints one line per failed request and exits non-zero when any request failed.
"""

import os
import sys
import threading


def main(fil: str, runder: int) -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DATABASE_URL"] = f"sqlite:///{fil}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client

    from demo.oppsett import demo_brukere_opprett, demo_organisasjoner_opprett

    call_command("migrate", verbosity=0)
    demo_brukere_opprett(demo_organisasjoner_opprett())
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        print("journal_mode", cursor.fetchone()[0])
    connections.close_all()

    brukere = ["koordinator.kommune", "leder.kommune", "ke.kommune"]
    start = threading.Barrier(len(brukere))
    feil: list[str] = []

    def klikk(brukernavn: str) -> None:
        client = Client(HTTP_HOST="localhost", raise_request_exception=True)
        try:
            start.wait()
            for _ in range(runder):
                for metode, sti, data in [
                    ("post", "/logg-inn/", {"username": brukernavn, "password": "demo"}),
                    ("get", "/", None),
                    ("post", "/varsler/les-alle/", {}),
                    ("get", "/varsler/", None),
                    ("post", "/logg-ut/", {}),
                ]:
                    try:
                        svar = getattr(client, metode)(sti, data)
                    except Exception as exc:  # noqa: BLE001 -- every failure is the finding
                        feil.append(f"{brukernavn} {metode} {sti}: {type(exc).__name__}: {exc}")
                        continue
                    if svar.status_code >= 400:
                        feil.append(f"{brukernavn} {metode} {sti}: HTTP {svar.status_code}")
        finally:
            connections.close_all()

    traader = [threading.Thread(target=klikk, args=(b,)) for b in brukere]
    for t in traader:
        t.start()
    for t in traader:
        t.join()
    for linje in feil:
        print("FEIL", linje)
    print("forespørsler", len(brukere) * runder * 5, "feil", len(feil))
    return 1 if feil else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 4))
