# egov: the two commands are `make demo` and `make test` (see README.md).
# Everything else here is what they are made of, and what CI runs (.ci/run).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers: `auto` is one per CPU; PYTEST_WORKERS=0 runs in one process. `loadfile`: a
# module's tests share a worker, so a module-wide fixture (the demo province) is built once, not per worker.
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
LINT_PATHS := egov tests $(wildcard bench)
# Links and QR codes on the demo's slips point where the demo serves, unless EGOV_PUBLIC_URL is set
# (with HOST=0.0.0.0, set it to an address the phones that scan the slips can reach).
DEMO_ENV = EGOV_DEMO=1 EGOV_PUBLIC_URL=$(or $(EGOV_PUBLIC_URL),http://$(HOST):$(PORT))

.PHONY: demo demo-serve test install browser lint typecheck migrations-check messages translations-check check clean

$(BIN)/python:
	@bash scripts/ensure-venv.sh "$(PYTHON)" "$(VENV)"

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# The demo runs as a small production would: gunicorn, DEBUG off, static files collected and
# served by WhiteNoise. EGOV_DEMO=1 only allows the built-in development secret key.
demo: install
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(DEMO_ENV) $(BIN)/python manage.py demo --history 8000
	$(DEMO_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	@$(MAKE) --no-print-directory demo-serve

# The outbox worker beside the server, as a province runs it (docs/deployment.md, "The worker"): the demo's
# notifications are delivered (e-mails and SMS written to var/demo-outbox.log), so the counter's alerts are
# not left unsent.
demo-serve:
	@echo ""
	@echo "egov demo: http://$(HOST):$(PORT)/   (Ctrl+C stops it; data in var/)"
	@echo "Tài khoản demo: xem bảng ở trên (mật khẩu egov-demo-2026); the demo accounts are in the table above."
	@echo "E-mail và SMS gửi đi: var/demo-outbox.log (the e-mails and SMS the demo sends)."
	@echo ""
	@mkdir -p var; $(DEMO_ENV) $(BIN)/python manage.py deliver_outbox --sleep 5 >>var/demo-outbox.log 2>&1 & \
	  worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(DEMO_ENV) $(BIN)/gunicorn egov.wsgi:application --bind $(HOST):$(PORT) --workers 2 \
	  --access-logfile - --error-logfile - --log-level warning

browser:
	@bash scripts/ensure-test-tools.sh

test: install browser
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

typecheck: install
	EGOV_DEBUG=1 $(BIN)/mypy egov

migrations-check: install
	EGOV_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Refresh each app's Vietnamese catalogue (egov/<app>/locale/vi) and compile it. Needs GNU gettext.
# Catalogues keep no source-line references (--no-location), so two unrelated changes never conflict in
# a .po. A string that moved from one app to another keeps its translation: every catalogue as it was
# serves as a compendium for the refreshed ones. `make messages APP=dossiers` refreshes one app.
APP ?=
messages: install
	@compendium=$$(mktemp); trap 'rm -f $$compendium' EXIT; \
	msgcat --use-first -o $$compendium $$(find egov -path '*/locale/vi/LC_MESSAGES/django.po'); \
	for d in $(if $(APP),egov/$(APP),egov $(patsubst %/locale,%,$(wildcard egov/*/locale))); do \
	  echo "makemessages in $$d"; mkdir -p $$d/locale; \
	  (cd $$d && EGOV_DEBUG=1 $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l vi --no-obsolete --no-location -v0) || exit 1; \
	  po=$$d/locale/vi/LC_MESSAGES/django.po; \
	  msgmerge -q --no-location --no-fuzzy-matching -C $$compendium -o $$po $$po $$po || exit 1; \
	  msgfmt --check -o $${po%.po}.mo $$po || exit 1; \
	done

# Every catalogue fully translated (no empty or fuzzy msgstr) and compiled, and holding every translatable
# string of the code and templates (makemessages runs in a temporary copy of the tree). Needs GNU gettext.
translations-check: install
	@DJANGO_PYTHON=$(abspath $(BIN))/python bash scripts/check-translations.sh

check: lint typecheck migrations-check translations-check test

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
