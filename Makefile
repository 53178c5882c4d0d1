# Tidlig: `make run` sets everything up and serves http://127.0.0.1:8000; `make test` runs the whole suite.
# The newest Python >= 3.12 on PATH, in /usr/local/bin, ~/.local/bin or pyenv (scripts/find_python.sh);
# `make run PYTHON=/path/to/python3.12` picks one by hand.
PYTHON ?= $(shell sh scripts/find_python.sh)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := tidlig.settings

.PHONY: run test test-sqlite test-postgres test-fast test-clocks setup messages lint demo bench durability clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || test -n "$(PYTHON)" || { echo "Tidlig needs Python 3.12 or newer, and found none (looked for python3.14 … python3.12 and python3 on PATH, in /usr/local/bin, ~/.local/bin and pyenv). Debian 12's own python3 is 3.11: see README.md, 'A fresh Debian 12 machine'; or run make PYTHON=/path/to/python3.12." >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -c 'import sys; sys.exit("Tidlig needs Python 3.12 or newer; " + sys.executable + " is " + sys.version.split()[0] if sys.version_info < (3, 12) else 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) messages

# Compile the translations (.po → .mo) with polib, so no GNU gettext is needed to run Tidlig.
messages: $(STAMP)
	$(BIN)/python scripts/compile_messages.py

run: setup
	DEBUG=1 $(BIN)/tidlig migrate --no-input
	DEBUG=1 $(BIN)/tidlig demo --if-empty
	DEBUG=1 $(BIN)/tidlig dst load-snapshot
	DEBUG=1 $(BIN)/tidlig purge_wellbeing
	@echo "Tidlig: http://127.0.0.1:8000  (logins in README.md, password: demo; the code: $(BIN)/tidlig demo_totp USERNAME)"
	DEBUG=1 $(BIN)/tidlig runserver 127.0.0.1:8000

# The whole suite on SQLite and on a throwaway PostgreSQL cluster, as three processes side by side
# (scripts/run_parallel.py; lines prefixed [sqlite], [browser] or [postgres]): the SQLite pass without and with
# the browser tests, and PostgreSQL. `make test-sqlite` (browser tests included) or `make test-postgres` runs one alone.
SQLITE_PYTEST := env SECRET_KEY=test DATABASE_URL=sqlite:///$(CURDIR)/.test.sqlite3 $(BIN)/pytest --durations=15
POSTGRES_PYTEST := env SECRET_KEY=test $(BIN)/python scripts/pgcluster.py -- $(BIN)/pytest -m "not browser" --durations=15

test: setup
	$(MAKE) lint
	$(BIN)/python tidlig/locale/check_complete.py
	$(BIN)/python scripts/run_parallel.py 'sqlite=$(SQLITE_PYTEST) -m "not browser"' \
		'browser=env SECRET_KEY=test DATABASE_URL=sqlite:///$(CURDIR)/.test-browser.sqlite3 $(BIN)/pytest -m browser --durations=15' \
		'postgres=$(POSTGRES_PYTEST)'

test-sqlite: setup
	$(SQLITE_PYTEST)

test-postgres: setup
	$(POSTGRES_PYTEST)

test-fast: setup
	SECRET_KEY=test $(BIN)/pytest -m "not browser and not slow" -x -q

# The suite under a sweep of hard clocks (month ends, DST nights, New Year, 29 February, …), first with the
# tests' pinned clock moved, then with the real clock shifted by faketime. Long: not part of `make test`.
# CLOCK_ARGS passes options on, e.g. CLOCK_ARGS="--mode pin --clock leap-day -- tidlig/wellbeing -q".
test-clocks: setup
	SECRET_KEY=test $(BIN)/python scripts/test_clocks.py $(CLOCK_ARGS)

lint: setup
	$(BIN)/ruff check tidlig tests bench scripts conftest.py
	$(BIN)/ruff format --check tidlig tests bench scripts conftest.py

bench: setup
	$(BIN)/python bench/intake.py
	$(BIN)/python bench/cases.py
	$(BIN)/python bench/screening.py

# kill -9 of gunicorn and of PostgreSQL (fsync on) mid-load; exits non-zero on any loss or duplicate.
durability: setup
	$(BIN)/python bench/durability.py

clean:
	rm -rf $(VENV) .test.sqlite3* tidlig.sqlite3* staticfiles media
