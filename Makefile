# Two commands on a fresh machine with only Python 3.11+: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
VENV := .venv
TOOLS := .tools
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
MANAGE := $(VENV)/bin/python manage.py
HOST ?= 127.0.0.1:8000
# The suite runs on every core (pytest-xdist), each test file in one worker so that a module's
# world is built once; `make test PARALLELT=` runs it in one process.
PARALLELT ?= -n auto --dist loadfile

.PHONY: help run run-helseid test test-random lint format audit check worker beat bench clean backup restore

help:
	@echo "make run     – installer, migrer, last demodata og start på http://$(HOST)"
	@echo "make run-helseid – som make run, med lokal HelseID og ID-porten (oidc-provider-mock) på 127.0.0.1:9400"
	@echo "make test    – hele testsuiten (PostgreSQL når DATABASE_URL er satt)"
	@echo "make lint    – ruff check, ruff format --check og importkontrakten (lint-imports)"
	@echo "make audit   – kjente sårbarheter i de låste pakkene i uv.lock (pip-audit)"
	@echo "make worker  – Celery-worker mot REDIS_URL"
	@echo "make beat    – Celery beat mot REDIS_URL"
	@echo "make backup  – sikkerhetskopi av database og opplastede filer til sikkerhetskopier/"
	@echo "make restore FRA=sikkerhetskopier/<tid> – gjenopprett til tom database og mediekatalog"

# uv comes from PyPI into a private tool venv when it is not on PATH; Python is never downloaded.
$(TOOLS)/bin/uv:
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

# Every package uv.lock pins (all groups, with hashes), checked against PyPI's advisories; fails
# on a known vulnerability, and counts the packages the service could not answer for
# (.ci/sarbarheter.py; AUDIT_STRENG=1 fails on those too).
audit: $(VENV)/.synced
	$(UV) export --frozen --all-groups --no-emit-project --quiet -o $(VENV)/krav-laast.txt
	$(VENV)/bin/pip-audit --progress-spinner off --disable-pip --require-hashes \
	  -r $(VENV)/krav-laast.txt -f json -o $(VENV)/saarbarheter.json || true
	$(VENV)/bin/python .ci/sarbarheter.py $(VENV)/saarbarheter.json

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm mangler: nettlesertestene hoppes over (axe-core kommer fra npm)."; fi

run: $(VENV)/.synced
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver $(HOST)

# `make run` with a local HelseID (oidc-provider-mock on 127.0.0.1:9400, docs/adr/0012-innlogging.md).
HELSEID_PORT ?= 9400
run-helseid: $(VENV)/.synced
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	rm -f .helseid-lokal.pem
	HELSEID_PORT=$(HELSEID_PORT) HELSEID_NOKKELFIL=.helseid-lokal.pem \
	  $(VENV)/bin/python -m tests.oidc_leverandor & trap "kill $$!" EXIT; \
	for _ in $$(seq 300); do [ -s .helseid-lokal.pem ] && break; sleep 0.2; done; \
	AUTHLIB_INSECURE_TRANSPORT=1 HELSEID_PRIVATE_KEY_FILE=.helseid-lokal.pem \
	  HELSEID_METADATA_URL=http://127.0.0.1:$(HELSEID_PORT)/.well-known/openid-configuration \
	  HELSEID_CLIENT_ID=koordinering-test HELSEID_SCOPE="openid profile" \
	  HELSEID_PID_CLAIM=pid HELSEID_HPR_CLAIM=hpr_number \
	  IDPORTEN_PRIVATE_KEY_FILE=.helseid-lokal.pem IDPORTEN_CLIENT_ID=koordinering-test \
	  IDPORTEN_METADATA_URL=http://127.0.0.1:$(HELSEID_PORT)/.well-known/openid-configuration \
	  $(MANAGE) runserver $(HOST)

test: $(VENV)/.synced node_modules/axe-core/axe.min.js
	$(VENV)/bin/pytest $(PARALLELT) $(PYTEST_ARGS)

test-random: $(VENV)/.synced
	$(VENV)/bin/pytest -p randomly $(PYTEST_ARGS)

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.synced
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

worker: $(VENV)/.synced
	$(VENV)/bin/celery -A config worker -Q default,pdf,epost --loglevel=INFO

beat: $(VENV)/.synced
	$(VENV)/bin/celery -A config beat --loglevel=INFO

bench: $(VENV)/.synced
	@brutt=""; for f in bench/bench_*.py; do echo "== $$f"; $(VENV)/bin/python $$f || brutt="$$brutt $$f"; done; \
	if [ -n "$$brutt" ]; then echo "Budsjett brutt i:$$brutt"; exit 1; fi

clean:
	rm -rf $(VENV) $(TOOLS) node_modules test-results staticfiles

backup: $(VENV)/.synced
	$(MANAGE) sikkerhetskopi --til sikkerhetskopier

restore: $(VENV)/.synced
	@test -n "$(FRA)" || { echo "Bruk: make restore FRA=sikkerhetskopier/<tid>"; exit 2; }
	$(MANAGE) gjenopprett $(FRA)
