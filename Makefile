# Developer commands of the housing_accompaniment Odoo 18.0 addon. See README.md.
# PYTHON=/path/to/python3 selects the interpreter that imports Odoo 18.0.

SHELL := /bin/bash
PYTHON ?= python3
export PYTHON

.PHONY: help test lint format demo stop i18n

help:
	@echo "make test    install requirements, run the Odoo tests on a throwaway database, lint"
	@echo "make lint    ruff check, ruff format --check, pylint-odoo"
	@echo "make format  ruff format + ruff check --fix (import order, pyupgrade)"
	@echo "make demo    serve a French demo database on http://127.0.0.1:8069 (UPDATE=1: -u the addon)"
	@echo "make stop    stop the demo server and its PostgreSQL cluster"
	@echo "make i18n    regenerate i18n/fr.po from the code (existing translations kept)"

test:
	@bash scripts/test.sh

lint:
	@bash scripts/lint.sh

format:
	$(PYTHON) -m ruff format .
	$(PYTHON) -m ruff check --fix .

demo:
	@bash scripts/demo.sh

stop:
	@bash scripts/stop.sh

i18n:
	@bash scripts/i18n.sh

# The ten-times-PAHM benchmark (bench/README.md): bench-data builds its two databases once,
# bench measures the boards and reports on both and prints the table, bench-load runs the load
# test, bench-import measures the designation import.
.PHONY: bench-data bench bench-load bench-import

bench-data:
	@bash bench/run.sh data

bench:
	@bash bench/run.sh bench

# The load test (bench/load.py): LOAD_USERS (20) users for LOAD_SECONDS (60) s on an Odoo with
# LOAD_WORKERS (4) workers; `make bench-load LOAD_USERS=50` for the larger run.
bench-load:
	@bash bench/run.sh load

# The designation import: 5,000 candidates (15,000 people) on a throwaway database.
bench-import:
	@bash bench/run.sh import
