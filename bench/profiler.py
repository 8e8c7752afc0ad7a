"""Profile one page in-process with pyinstrument, against a kept scale database.

    .venv/bin/python bench/profiler.py URL [BRUKER] [--patients 10000] [-n 20]

Uses `bench_ytelse_10k` (or the size given; seed it first with bench/bench_skjermbilder.py),
requests the page n times with Django's test client and prints the profile and the SQL of one
request with the time of each query."""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._oppsett import _django, _pg, skaladatabase  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("bruker", nargs="?", default="koordinator.kommune")
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("-n", type=int, default=20)
    args = parser.parse_args()
    _django(f"{_pg()[1]}/{skaladatabase(args.patients)}", "bench.innstillinger")

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from pyinstrument import Profiler

    klient = Client()
    klient.force_login(get_user_model().objects.get(username=args.bruker))
    for _ in range(3):
        assert klient.get(args.url).status_code == 200
    sporringer = []

    def tidtaker(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sporringer.append(((time.perf_counter() - start) * 1000, sql))

    with connection.execute_wrapper(tidtaker):
        klient.get(args.url)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.n):
        klient.get(args.url)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(f"{len(sporringer)} spørringer, {sum(t for t, _ in sporringer):.1f} ms i alt:")
    for ms, sql in sporringer:
        print(f"{ms:7.2f} ms  {sql[:300]}")


if __name__ == "__main__":
    main()
