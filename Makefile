# Two commands on a fresh machine: `make run` (the demo) and `make test` (the suite).
# Needs Python 3.12+ (Django 6.1 does); override the interpreter with PYTHON=/path/to/python3.12.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format messages thirdparty-messages bench clean help

help:
	@echo "make run    - install, migrate, load demo data and users, serve http://$(HOST):$(PORT)"
	@echo "make test   - install what is missing and run the whole test suite"
	@echo "make lint   - ruff lint and format check"
	@echo "make messages - update our catalogs (locale/) and compile both locale trees"
	@echo "make thirdparty-messages - re-extract the strings of third-party apps without Indonesian (Unfold, django-filter, auditlog) or with gaps (axes) into locale_thirdparty/"
	@echo "make bench  - benchmarks against PostgreSQL (see bench/README.md)"

# The first interpreter of 3.12 or newer: $(PYTHON) if given, then python3.13,
# python3.12, python3, then any pyenv-installed 3.12+.
$(VENV)/bin/python:
	@set -e; found=""; \
	for c in $(PYTHON) python3.13 python3.12 python3 \
	    $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	  if command -v "$$c" >/dev/null 2>&1 && "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    found=$$(command -v "$$c"); break; \
	  fi; \
	  if [ -n "$(PYTHON)" ] && [ "$$c" = "$(PYTHON)" ]; then \
	    echo "PYTHON=$(PYTHON) is not Python 3.12 or newer." >&2; exit 1; \
	  fi; \
	done; \
	if [ -z "$$found" ]; then \
	  echo "No Python 3.12 or newer found. Django 6.1 needs it." >&2; \
	  echo "Install one (Debian/Ubuntu: apt install python3.12 python3.12-venv; macOS: brew install python@3.13;" >&2; \
	  echo "or pyenv install 3.13) and run again, or point to it: make run PYTHON=/path/to/python3.12" >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$found ($$("$$found" --version))"; \
	"$$found" -m venv $(VENV)

$(STAMP): $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py seed_demo
	@echo
	@DEBUG=1 $(PY) manage.py demo_logins
	@echo
	@echo "Serving http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The suite on both cores, then the browser tests (one live server, one Chromium) on their own.
test: install
	$(PY) -m pytest -n 2 --ignore=tests/browser $(PYTEST_ARGS)
	$(PY) -m pytest tests/browser $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Our strings go to locale/ (id translated, en left empty: English is the source).
# compilemessages compiles every LOCALE_PATHS entry, so locale_thirdparty/ too.
messages: install
	DEBUG=1 $(PY) manage.py makemessages --locale id --locale en --ignore '.venv/*' --ignore 'bench/*' --ignore 'tests/*' --no-obsolete
	DEBUG=1 $(PY) manage.py compilemessages --ignore '.venv/*'

# Installed apps without an Indonesian catalog (Unfold, django-filter, auditlog;
# found from INSTALLED_APPS) keep their strings in locale_thirdparty/id/, which
# makemessages never touches. After adding or upgrading such an app, run this:
# xgettext re-extracts, msgmerge adds new strings (untranslated) and marks
# changed ones fuzzy, the .mo is recompiled. Translate, drop the fuzzy flags,
# run `make messages`; tests/test_translations.py fails until then.
thirdparty-messages: install
	DEBUG=1 $(PY) locale_thirdparty/messages.py

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
