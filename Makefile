# Two entry points for a fresh machine with Python 3.11: `make build` and `make test`.
# Each creates .venv from the pinned requirements.lock when it is missing or stale.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
STAMP := $(VENV)/.installed-stamp

.PHONY: build test lint browser

$(STAMP): pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

build: $(STAMP)
	$(VENV)/bin/kg build seeds --out exports

browser:
	@sh scripts/ensure-chromium.sh

test: $(STAMP) browser
	$(VENV)/bin/python -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check kg tests
