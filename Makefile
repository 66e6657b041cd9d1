# Two commands do all set-up on a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PORTALBOT := $(VENV)/bin/portalbot
PYTEST_ARGS ?=

.PHONY: install run run-hiroshima test services bench messages clean

$(VENV)/.installed: pyproject.toml devtools/pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]' -e ./devtools
	touch $@

install: $(VENV)/.installed

## Run the bot in simulator mode: migrate, import the sample data, start web + clock.
## The sample city is Kanazawa: its 5374 garbage rules hold for any date (Hiroshima's bundled
## calendar covers FY2025 only; `make run-hiroshima` shows it).
# Simulator mode is a choice, never the result of missing LINE credentials (bot/config.py).
run run-hiroshima: export PORTALBOT_SIMULATOR = 1

run: install
	$(PORTALBOT) db upgrade
	$(PORTALBOT) garbage import --format 5374 --name 金沢市 bot/sample_data/kanazawa
	$(PORTALBOT) shelters import bot/sample_data/kanazawa-shelters/shelters.csv
	CITY_CONFIG=bot/data/kanazawa.yml $(PORTALBOT) serve

run-hiroshima: install
	DATABASE_URL=sqlite:///instance/hiroshima.db $(PORTALBOT) db upgrade
	DATABASE_URL=sqlite:///instance/hiroshima.db $(PORTALBOT) garbage import --format calendar --name 広島市 bot/sample_data/hiroshima
	DATABASE_URL=sqlite:///instance/hiroshima.db $(PORTALBOT) serve

## Run every test, on SQLite and PostgreSQL, with the browser tests in headless Chromium.
test: install services
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

## PostgreSQL must answer and Chromium must be installed (tests fail in CI, skip elsewhere).
services:
	@scripts/ensure-services

## The message catalogues (bot/locale): extract every text of bot/chat/texts into messages.pot,
## merge it into each language's catalogue (English, Chinese, Korean: domain `messages`;
## やさしい日本語: domain `easy` of locale ja), compile the .mo files the bot loads. Commit all.
PYBABEL := $(VENV)/bin/pybabel
LOCALES := bot/locale
messages: install
	$(PYBABEL) extract -F babel.cfg --no-default-keywords -k N_ -k label -k P_:1,2 --add-comments=NOTE \
		--sort-by-file --no-wrap --project=portalbot --copyright-holder="portal bot" -o $(LOCALES)/messages.pot .
	$(PYBABEL) update -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages --no-wrap --ignore-obsolete --no-fuzzy-matching
	$(PYBABEL) update -i $(LOCALES)/messages.pot -d $(LOCALES) -D easy -l ja --no-wrap --ignore-obsolete --no-fuzzy-matching
	$(PYBABEL) compile -d $(LOCALES) -D messages --statistics
	$(PYBABEL) compile -d $(LOCALES) -D easy -l ja --statistics

bench: install services
	$(PY) bench/webhook.py

clean:
	rm -rf $(VENV) instance .pytest_cache
