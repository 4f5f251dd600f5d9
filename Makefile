# fudao: `make test` sets everything up and runs the whole suite; `make run` starts the bot.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
# The PostgreSQL pass runs against this server when it answers (trust auth, as on CI).
PG_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
export PTB_TIMEDELTA := 1

# Test processes per pass (pytest-xdist). The two passes run side by side, so `make test` keeps
# 2 × JOBS workers busy. Why four workers on two cores: serially the suite used the CPU less
# than half of its wall time (user 8 min 21 s over 19 min: it waits on the emulator, the bot's
# event loop and PostgreSQL). Why side by side rather than one pass after the other with four
# workers each: every worker imports and collects the whole suite (measured: 10 s of a core),
# so that would collect eight times instead of four, and the two passes are about as long (the
# PostgreSQL one leaves out the tests marked `pure`: 544 of 1,060 tests run there).
# Measured here (`time make test`, Chromium installed so the browser tests ran), on the 2-core
# machine with nothing else running: 5 min 0 s in a fresh clone (venv and mypy cache built),
# 4 min 44 s after that, for 1,399 tests on SQLite (4 min 33 s) and 747 on PostgreSQL
# (4 min 27 s); 4 min 22 s for 1,404 and 747 once SQLite took one trip per statement; 4 min 28 s
# for 1,412 and 754 with one session per update (3 min 55 s in another run); 6 min 31 s to
# 7 min 56 s for 1,421 and 756 on a sitting where the VM ran the bench's echo bot at half its
# usual speed; 3 min 53 s for the passes (1,412 and 756, Chromium absent: its 13 tests ran
# apart, 38 s) on a fast sitting. Earlier: 7 min 33 s, before the bot's Bot API client was aiohttp (httpx cost
# about 1 ms of a core per call); 10 min 22 s, before the emulator ended its long polls on
# stopping (each test that stopped one waited up to 1 s), before one TLS context per process
# and the `bytecode` step below. A third SQLite worker ended that pass sooner but slowed the
# other more. One pass after the other took 19 min.
JOBS ?= 2
PYTEST := $(VENV)/bin/pytest -q -n $(JOBS)

.PHONY: install bytecode test test-fast test-sqlite test-postgres lint format run bench demo

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Compiled once here, read by every test process: where PYTHONDONTWRITEBYTECODE is set (as on
# the 2-core machine), each process compiled all of fudao again (1.3 s of a core per command
# started by a test). compileall writes what the variable forbids Python to write on import.
bytecode: install
	@$(PY) -m compileall -q -j 0 $(dir $(wildcard */__init__.py)) >/dev/null

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy --strict .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test-sqlite: bytecode
	$(PYTEST)

# The SQLite pass alone, without the lint: the quick answer while working.
test-fast: test-sqlite

# Only the tests that touch a database: those marked `pure` (tests/conftest.py marks every
# test that takes no database fixture) cannot differ on PostgreSQL and ran in the SQLite pass.
# The browser tests run once too, in the SQLite pass: they drive pages (about 90 s of a worker
# in each pass), and what those pages do to the database is tested here by the tests below them.
test-postgres: bytecode
	FUDAO_TEST_DATABASE_URL=$(PG_URL) $(PYTEST) -m "not sqlite_only and not pure and not browser"

# The whole suite on SQLite and, side by side, its database tests on PostgreSQL when a server
# answers at PG_URL (its output follows the SQLite pass's); a NOTE at the end names what could
# not run here (PostgreSQL, the browser tests).
test: lint
	@if $(PY) -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		log=$$(mktemp); \
		$(MAKE) --no-print-directory test-postgres >$$log 2>&1 & pg=$$!; \
		$(MAKE) --no-print-directory test-sqlite; sqlite=$$?; \
		wait $$pg; postgres=$$?; \
		echo ""; echo "== the PostgreSQL pass (database tests only) =="; cat $$log; rm -f $$log; \
		[ $$sqlite -eq 0 ] && [ $$postgres -eq 0 ] || exit 1; \
	else \
		$(MAKE) --no-print-directory test-sqlite || exit 1; \
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

# BENCH_ARGS=--quick for a small university in about a quarter of an hour (W2 waits on
# WeCom's pace of 25 messages a minute).
bench: install
	$(PY) benchmarks/free_text.py
	$(PY) benchmarks/http_client.py
	$(PY) benchmarks/evaluate.py
	$(PY) benchmarks/suite.py $(BENCH_ARGS)
	$(PY) benchmarks/console.py --reuse
