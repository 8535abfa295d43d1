# Two commands on a fresh machine: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT
# Links in the demo's e-mails point at the port the quickstart serves on.
SITE_URL ?= http://localhost:$(PORT)
export SITE_URL

.PHONY: run test lint install install-dev migrate demo web worker beat clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

## Installs, migrates, loads the demo and starts web, Celery worker and beat together.
run: demo
	@echo "Starting JTAI: sign in at http://localhost:$(PORT)/sign-in/ with a demo account above."
	@echo "Web, Celery worker and beat run together; Ctrl-C stops all three."
	$(BIN)/honcho start -f Procfile.dev

## The whole suite. Uses PostgreSQL / Redis when DATABASE_URL / REDIS_URL are set.
test: install-dev
	$(BIN)/pytest --cov --cov-report=term:skip-covered $(PYTEST_ARGS)

## Lint, format, import contracts, migrations and deployment checks (CI runs these too).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	# Security: bandit on the code (settings in pyproject.toml), pip-audit on the pinned requirements
	# against security/pip-audit-allowlist.txt (it says NOT CHECKED and goes on when the index is out of reach).
	$(BIN)/bandit -c pyproject.toml -q -r .
	$(BIN)/python scripts/pip_audit.py
	$(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=jtai.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING
	# The production static build: a file the manifest cannot resolve would make every page a 500.
	DEBUG=0 SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=jtai.example.org STATIC_ROOT=$$(mktemp -d) $(BIN)/python manage.py collectstatic --noinput -v0

clean:
	rm -rf $(VENV) var .pytest_cache .coverage
