# dtapi — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
# Above DTAPI_STATEMENT_TIMEOUT (30 s) with a margin: a cancelled query is answered, not killed.
GUNICORN_TIMEOUT ?= 60
SHARED_DATA ?= ../shared/data
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/dtapi
export DTAPI_VAR_DIR ?= $(CURDIR)/var
# Links and the OpenID issuer name the address we serve on, unless told otherwise.
export DTAPI_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: help install dev run serve migrate load shell test test-sqlite test-postgres lint fmt bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/dtapi: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing dtapi and its dependencies into $(VENV)..."
	$(BIN)/pip install -q --disable-pip-version-check -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@ $(BIN)/dtapi

install: $(BIN)/dtapi ## create .venv and install dtapi

dev: $(VENV)/.dev-installed ## install dtapi with the test/bench dependencies

migrate: install ## apply database migrations (creates the built-in vocabulary)
	$(BIN)/dtapi migrate --noinput

load: migrate ## load ../shared/data (idempotent; SHARED_DATA=dir to choose)
	$(BIN)/dtapi load shared-data $(SHARED_DATA)

run: install ## set up, load ../shared/data when new or changed, serve on $(HOST):$(PORT) with gunicorn
	@# One process: migrate (an empty database in one pass), load the folder if its contents
	@# differ from the last load's (a digest, not a marker file), collect static files.
	$(BIN)/dtapi prepare --shared-data "$(SHARED_DATA)"
	@echo "dtapi is serving on http://$(HOST):$(PORT)/api/v1/  (Ctrl-C to stop)"
	@# The task worker (submissions, signed notifications) runs beside the web server; both stop together.
	$(BIN)/dtapi worker --name "$$(hostname)-worker" & TASK_WORKER=$$!; \
	trap 'kill $$TASK_WORKER 2>/dev/null; wait $$TASK_WORKER' EXIT; \
	$(BIN)/gunicorn dtapi.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --timeout $(GUNICORN_TIMEOUT) --access-logfile - \
		--access-logformat '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s' --log-level warning

shell: install ## open a shell with .venv/bin on the PATH (dtapi, gunicorn); `exit` leaves it
	@echo "A shell with $(CURDIR)/$(BIN) on the PATH: dtapi ... works as written. 'exit' to leave."
	@PATH="$(CURDIR)/$(BIN):$$PATH" VIRTUAL_ENV="$(CURDIR)/$(VENV)" exec "$${SHELL:-/bin/bash}"

test: test-sqlite test-postgres ## install dev dependencies and run the whole suite on SQLite and PostgreSQL

test-sqlite: dev ## run the suite on SQLite
	@echo "== test suite on SQLite"
	DATABASE_URL=sqlite:///$(DTAPI_VAR_DIR)/test.sqlite3 $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: dev ## run the suite on PostgreSQL ($(PG_TEST_URL))
	@echo "== test suite on PostgreSQL"
	@$(BIN)/python -c "import psycopg,sys; psycopg.connect('$(PG_TEST_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=5).close()" \
		|| { echo "PostgreSQL is unreachable at $(PG_TEST_URL): failing, not skipping."; exit 1; }
	DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest $(PYTEST_ARGS)

lint: dev ## ruff check and format check
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

fmt: dev ## format the code
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: dev ## benchmarks: dtapi vs tastypie on one database, ratios printed
	$(BIN)/python bench/api_bench.py

clean: ## remove the venv and generated state (keeps nothing)
	rm -rf $(VENV) var dtapi.sqlite3
