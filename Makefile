# egov: the two commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install lint typecheck migrations-check messages check clean

$(BIN)/python:
	@bash scripts/ensure-venv.sh "$(PYTHON)" "$(VENV)"

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

demo: install
	EGOV_DEMO=1 EGOV_DEBUG=1 $(BIN)/python manage.py migrate --noinput -v0
	EGOV_DEMO=1 EGOV_DEBUG=1 $(BIN)/python manage.py demo
	EGOV_DEMO=1 EGOV_DEBUG=1 $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check egov tests bench
	$(BIN)/ruff format --check egov tests bench

typecheck: install
	EGOV_DEBUG=1 $(BIN)/mypy egov

migrations-check: install
	EGOV_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

messages:
	cd egov && for d in . core accounts organizations procedures dossiers; do \
	  (cd $$d && ../$(BIN)/python $(CURDIR)/manage.py makemessages -l vi --no-obsolete >/dev/null 2>&1); done

check: lint typecheck migrations-check test

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
