# Upward: `make` lists the commands. Everything a machine needs is installed by these targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UPWARD := $(BIN)/upward
# pytest-xdist runs the suite in processes; each gets its own test database (a suffix per
# worker), and seeds its own demo if it runs browser journeys (tests/browser/conftest.py).
PYTEST := $(BIN)/python -m pytest -q
HOST ?= 127.0.0.1
PORT ?= 8000
# The address in emails, calendar feeds and .ics files. In development it follows HOST and PORT
# (`make run PORT=8311` links to :8311); set SITE_URL yourself when a proxy serves another one.
SITE_URL ?= http://$(HOST):$(PORT)
# Only the commands below that serve or send see it: the test suite keeps its own defaults.
RUNENV := SITE_URL='$(SITE_URL)'

.DEFAULT_GOAL := help
.PHONY: help setup assets migrate demo run worker scheduler test test-fast test-postgres fuzz lint messages format typecheck bench load lock clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

upward/static/vendor/.copied: node_modules/.package-lock.json
	mkdir -p upward/static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js upward/static/vendor/
	cp node_modules/chart.js/dist/chart.umd.min.js upward/static/vendor/
	cp node_modules/@picocss/pico/css/pico.min.css upward/static/vendor/
	touch $@

setup: $(BIN)/.installed upward/static/vendor/.copied ## Create .venv, install pinned Python and npm packages
	@mkdir -p var

assets: upward/static/vendor/.copied ## Copy front-end packages (npm, lockfile) into static/vendor

migrate: setup ## Apply database migrations
	$(UPWARD) migrate --no-input
	$(UPWARD) createcachetable

demo: migrate ## Seed the demo organisation (idempotent) and print the logins
	$(RUNENV) $(UPWARD) demo

run: demo ## Set up, migrate, seed the demo and serve http://127.0.0.1:8000 (or PORT=...) with the task worker
	@echo "Starting the task worker, the reminder scheduler and the web server on http://$(HOST):$(PORT) (Ctrl-C stops all)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(RUNENV) $(UPWARD) db_worker --queue-name '*' --no-reload & \
	  $(RUNENV) $(UPWARD) scheduler & \
	  $(RUNENV) $(UPWARD) runserver $(HOST):$(PORT)

worker: setup ## Run a task worker (any number may run, on SQLite or PostgreSQL)
	$(RUNENV) $(UPWARD) db_worker --queue-name '*' --no-reload

scheduler: setup ## Run the reminder scheduler (a sweep every minute; safe to run more than one)
	$(RUNENV) $(UPWARD) scheduler

test: setup ## Set up and run the whole suite, 2 processes (browser tests skip with a message without Chromium)
	$(PYTEST) -n 2

test-fast: setup ## Run the whole suite on every CPU (pytest-xdist -n auto); stop after 5 failures
	$(PYTEST) -n auto --maxfail=5

test-postgres: setup ## Run the suite on PostgreSQL (DATABASE_URL, default the local test server)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PYTEST) -n 2

fuzz: setup ## Schemathesis against the API, every role, more examples than `make test` (UPWARD_FUZZ_EXAMPLES=10)
	UPWARD_FUZZ_EXAMPLES=$${UPWARD_FUZZ_EXAMPLES:-10} $(PYTEST) -n 2 tests/fuzz/test_api_schemathesis.py

lint: setup ## ruff, format check, import contracts, and translation catalogues neither stale nor incomplete
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/messages.py --check

messages: setup ## Re-extract the fr/de/es translation catalogues and compile them (docs/translating.md)
	$(BIN)/python scripts/messages.py

format: setup ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: setup ## mypy with django-stubs
	$(BIN)/mypy upward benchmarks tests conftest.py

bench: setup ## Run the benchmarks (import, matching, dashboards, reminders)
	$(BIN)/python benchmarks/run_all.py

load: setup ## Load test: 2 app servers + 2 workers on PostgreSQL, locust 50/150/300 users (~10 min; docs/benchmarks.md)
	$(BIN)/python benchmarks/load/run.py

lock: ## Re-resolve requirements*.txt (exact pins) from requirements*.in
	@mkdir -p var
	$(BIN)/python -m pip install --dry-run --ignore-installed --quiet -r requirements.in --report var/lock-runtime.json
	$(BIN)/python -m pip install --dry-run --ignore-installed --quiet -r requirements-dev.in --report var/lock-dev.json
	$(BIN)/python scripts/write_lock.py var/lock-runtime.json requirements.txt
	$(BIN)/python scripts/write_lock.py var/lock-dev.json requirements-dev.txt

clean: ## Remove the virtualenv, node_modules and generated files (keeps var/ data)
	rm -rf $(VENV) node_modules upward/static/vendor
