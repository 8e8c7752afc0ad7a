"""config.settings.production for the HTTP load benchmark (bench/bench_last.py) on 127.0.0.1
over plain HTTP: the same middleware, WhiteNoise with hashed (manifest) static names, persistent
connections with health checks; only what needs HTTPS or HelseID is changed, so a script can
hold sessions, and the bench URLconf adds the bare view."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME, CSRF_COOKIE_NAME = "sessionid", "csrftoken"
KREV_OTP = False
TILLAT_SYNTETISKE_FODSELSNUMMER = True  # the bench databases hold synthetic patients only
