# Cinemeter's entry points. `make run` and `make test` are the two set-up commands; CI calls
# `make test` too (through .ci/run).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
WORKERS ?= 2
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/cinemeter
# Required by CI: `make test REQUIRE_POSTGRES=1` fails when PostgreSQL is out of reach.
REQUIRE_POSTGRES ?= 0
# Required by CI: `make test REQUIRE_BROWSER=1` fails instead of skipping the browser tests when
# Debian's chromium is missing (`apt-get install chromium`).
REQUIRE_BROWSER ?= 0
export REQUIRE_BROWSER
# `make bench`: the web benchmark at this preset (moviemeter, small, tiny), on SQLite and, when
# the server answers, on PostgreSQL in this database (dropped and refilled by --fresh runs).
BENCH_PRESET ?= moviemeter
BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/cinemeter_bench
BENCH_PORT ?= 8600

# The suite always runs on the test settings, whatever the caller's environment says.
PYTEST := $(BIN)/pytest --ds=config.settings.test -n 2

.PHONY: run serve install install-dev migrate demo test lint typecheck migrations-check \
        test-sqlite test-postgres bench bench-smoke clean messages worker

# Installs only when the lock file changed since the last install.
$(BIN)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

$(BIN)/.installed-dev: requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $(BIN)/.installed $@

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/.installed
install-dev: $(BIN)/.installed-dev

var/secret_key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

migrate: install var/secret_key
	$(BIN)/python manage.py migrate --no-input -v 0

demo: migrate
	$(BIN)/python manage.py load_demo --if-empty
	$(BIN)/python manage.py load_demo_messages
	# Members and their votes, drawn from a fixed seed: Escape from L.A. at 2.63 from 830.
	$(BIN)/python manage.py load_demo_votes
	$(BIN)/python manage.py load_demo_releases
	$(BIN)/python manage.py load_demo_articles
	# Bring the search index up to date (a database from before search existed, the demo
	# votes' popularity): writes only what differs, so a second run writes nothing.
	$(BIN)/python manage.py search_index --repair --no-progress

run: demo
	$(BIN)/python manage.py collectstatic --no-input -v 0
	@echo ""
	@echo "  Cinemeter is running at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@echo ""
	$(BIN)/gunicorn config.wsgi:application --config config/gunicorn.py \
		--bind $(HOST):$(PORT) --workers $(WORKERS)

# Re-extract the interface strings (needs GNU gettext: `apt-get install gettext`), then compile
# them in pure Python. The .po and .mo files are committed, so run and test need neither.
messages: install-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemessages \
		-l en -l nl --no-location --ignore=.venv --ignore=tests --ignore=bench --ignore=var
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py compile_catalogues

# The translation worker when REDIS_URL is set (without it the web workers run the queue).
worker: install
	$(BIN)/python manage.py run_huey

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install-dev
	$(BIN)/mypy .

migrations-check: install-dev
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

test-sqlite: install-dev
	@echo "== pytest on SQLite =="
	DATABASE_URL=sqlite:///:memory: $(PYTEST)

test-postgres: install-dev
	@if $(BIN)/python scripts/db_reachable.py "$(POSTGRES_URL)"; then \
		echo "== pytest on PostgreSQL ($(POSTGRES_URL)) =="; \
		DATABASE_URL="$(POSTGRES_URL)" $(PYTEST); \
	elif [ "$(REQUIRE_POSTGRES)" = "1" ]; then \
		echo "PostgreSQL is required but not reachable at $(POSTGRES_URL)." >&2; exit 1; \
	else \
		echo ""; \
		echo "== SKIPPED: the PostgreSQL half of the tests (no server at $(POSTGRES_URL))."; \
		echo "   Set POSTGRES_URL to run it. =="; \
	fi

# The web benchmark needs wrk from a separate process (Debian: `apt-get install wrk`).
bench: install-dev
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
	$(BIN)/python bench/web.py --preset $(BENCH_PRESET) --db sqlite --port $(BENCH_PORT)
	@if $(BIN)/python scripts/db_reachable.py "$(BENCH_POSTGRES_URL)"; then \
		$(BIN)/python bench/web.py --preset $(BENCH_PRESET) --db postgres \
			--postgres-url "$(BENCH_POSTGRES_URL)" --port $(BENCH_PORT); \
	else echo "== SKIPPED: PostgreSQL (no server at $(BENCH_POSTGRES_URL))"; fi

# CI: the generator at the small preset, one short pass of every benchmark case, no drift;
# the related reading rebuilt and updated once on the same database (a few seconds).
# Uses wrk when installed, else a Python load generator (it only checks that all runs).
bench-smoke: install-dev
	@echo "== bench-smoke =="
	$(BIN)/python bench/web.py --smoke --port $(BENCH_PORT)
	$(BIN)/python bench/related.py --smoke

test: lint typecheck migrations-check test-sqlite test-postgres bench-smoke

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
