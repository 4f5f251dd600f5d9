# fudao: `make test` sets everything up and runs the whole suite; `make run` starts the bot.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
# The PostgreSQL pass runs against this server when it answers (trust auth, as on CI).
PG_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
export PTB_TIMEDELTA := 1

.PHONY: install test test-sqlite test-postgres lint format run bench demo

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy --strict .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test-sqlite: install
	$(VENV)/bin/pytest -q

test-postgres: install
	FUDAO_TEST_DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest -q -m "not sqlite_only"

# The whole suite on SQLite, then again on PostgreSQL when a server answers at PG_URL;
# a NOTE at the end names what could not run here (PostgreSQL, the browser tests).
test: lint test-sqlite
	@if $(PY) -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		$(MAKE) --no-print-directory test-postgres; \
	else \
		echo ""; \
		echo "NOTE: the PostgreSQL pass was NOT run: no server answered at $(PG_URL)."; \
		echo "      Start one (or set PG_URL=postgresql://user@host:port/db) and run: make test-postgres"; \
	fi
	@if ! $(PY) -c "from tests.conftest import find_chromium; raise SystemExit(find_chromium() is None)"; then \
		echo ""; \
		echo "NOTE: the browser tests were SKIPPED: no chromium, chromium-browser or google-chrome on the PATH."; \
		echo "      Install one (or set FUDAO_CHROMIUM=/path/to/chrome) and run: make test"; \
	fi

# The whole assistant in a browser: fresh demo data, no Telegram account; prints the address.
demo: install
	$(VENV)/bin/fudao sandbox

run: install
	$(VENV)/bin/fudao run

# BENCH_ARGS=--quick for a small university in about a minute.
bench: install
	$(PY) benchmarks/free_text.py
	$(PY) benchmarks/evaluate.py
	$(PY) benchmarks/suite.py $(BENCH_ARGS)
	$(PY) benchmarks/console.py --reuse
