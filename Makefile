# Everyday commands. `make run` needs nothing but Python and git; `make test` needs PostgreSQL and Redis
# (on 127.0.0.1, given as DATABASE_URL / REDIS_URL, or their server binaries installed).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV := DJANGO_DEBUG=1
PYTEST_ARGS ?=

.PHONY: install run test lint format vendor soak screenshots bench profile fuzz

# Re-installs only when pyproject.toml changes.
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# flock: two `make test` started together must not run pip over each other.
	flock $(VENV)/.install.lock $(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The embedded default: SQLite (portal.sqlite3) and Celery tasks run in process. The pager
# handover goes to a local bare managed-tenants repository (.run/, which seed_demo creates)
# unless the environment names another; beat does not run: "Check now" on the addon page asks.
run: install
	$(DEV) $(BIN)/python manage.py migrate
	$(DEV) $(BIN)/python manage.py seed_demo
	$(DEV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# tests/plugins/services.py picks PostgreSQL and Redis and sets the test environment. Then the
# pages, selectors and the demo crawl (marked both_databases) again on SQLite, `make run`'s
# database; exit code 5 (nothing selected, e.g. by -k) is not a failure there.
test: install
	$(BIN)/pytest $(PYTEST_ARGS)
	DATABASE_URL=sqlite://:memory: $(BIN)/pytest -m both_databases $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The workflow state machine (tests/workflow/test_state_machine.py) run long with fresh random
# sequences; FUZZ_EXAMPLES (500) and FUZZ_STEPS (80) set its length.
fuzz: install
	FUZZ=1 $(BIN)/pytest tests/workflow/test_state_machine.py -p no:randomly $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r onboarding portal -ll
	$(DEV) $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# PNGs of the main pages on demo data (desktop and phone widths) under docs/screenshots/.
screenshots: install
	$(BIN)/python scripts/screenshots.py

# Load with faults on a private PostgreSQL and Redis (scripts/soak.py): 16 clients for
# 60 s, PostgreSQL restarted, Redis stopped 10 s; prints what was lost or doubled (nothing).
soak: install
	$(BIN)/python scripts/soak.py

# Re-download the vendored static assets from the npm registry (versions in the script).
vendor:
	scripts/vendor_static.sh

# Large-data benchmark (PostgreSQL on 127.0.0.1): seeds portal_bench, serves it with gunicorn,
# prints the table and writes bench/results.json (README "Performance").
bench: install
	$(BIN)/python bench/run.py

# Where each bench page spends its time on the seeded large database (run `make bench` once
# first): SQL, templates, middleware and view shares per page; PROFILE_ARGS=--html writes
# pyinstrument pages to bench/profiles/.
profile: install
	cd bench && ../$(BIN)/python profile_pages.py $(PROFILE_ARGS)
