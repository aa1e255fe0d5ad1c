# The two commands of the README. Both install what is missing first.
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
THREADS ?= 8
VENV := .venv/bin

.PHONY: run test lint format

## make run: install, provision PostGIS, load the demo and serve on http://$(HOST):$(PORT),
## with the job queue's worker beside gunicorn
run:
	scripts/bootstrap.sh
	GEOCONSULT_DEMO=1 $(VENV)/python manage.py load_demo --bind $(HOST)
	@echo "Serving geoconsult on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	@# A secret key of its own for each run (the default one is public and refused); e-mails
	@# (confirmation and reset links) are printed here, which only the demo may do.
	GEOCONSULT_DEMO=1 SECRET_KEY="$${SECRET_KEY:-$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
		WEB_BIND=$(HOST):$(PORT) WEB_WORKERS=$(WORKERS) WEB_THREADS=$(THREADS) scripts/serve.sh

## make test: the same set-up plus Chromium and test tools, then lint, the import contracts
## and the whole suite
test:
	scripts/bootstrap.sh --tests
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/lint-imports
	node --test tests/js/
	$(VENV)/python manage.py makemigrations --check --dry-run
	$(VENV)/pytest

lint:
	$(VENV)/ruff check .

format:
	$(VENV)/ruff format .
	$(VENV)/ruff check --fix .
