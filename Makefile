# Two commands do all set-up on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PORTALBOT := $(VENV)/bin/portalbot
PYTEST_ARGS ?=

.PHONY: install run test services bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

## Run the bot in simulator mode: migrate, import the sample data, start web + clock.
run: install
	$(PORTALBOT) db upgrade
	$(PORTALBOT) garbage import --format calendar bot/sample_data/hiroshima
	$(PORTALBOT) serve

## Run every test, on SQLite and PostgreSQL, with the browser tests in headless Chromium.
test: install services
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

## PostgreSQL must answer and Chromium must be installed (tests fail in CI, skip elsewhere).
services:
	@scripts/ensure-services

bench: install services
	$(PY) bench/webhook.py

clean:
	rm -rf $(VENV) instance .pytest_cache
