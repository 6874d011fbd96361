# Клиентоцентр: `make run` serves the product with demo data; `make test` runs every check.
SHELL := /bin/bash
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
# Threads per worker; with PostgreSQL keep WORKERS * BLOCKING_THREADS under the pool size
# times the workers and under max_connections.
BLOCKING_THREADS ?= 4
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
DJANGO := $(UV) run --frozen python manage.py
RUN_ENV = KC_ENVIRONMENT=production HTTPS=false ALLOWED_HOSTS=$(HOST),localhost \
	SECRET_KEY="$$(cat data/secret_key)" SITE_URL=http://$(HOST):$(PORT) INBOX_PULL_BODIES=minsoc
DEV_ENV = KC_ENVIRONMENT=development

.PHONY: install run serve test lint typecheck checks pytest-sqlite pytest-postgres demo clean

install:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen

data/secret_key:
	mkdir -p data
	python3 -c "import secrets; print(secrets.token_urlsafe(64))" > data/secret_key
	chmod 600 data/secret_key

run: install data/secret_key
	scripts/ensure-system-packages.sh --runtime
	$(RUN_ENV) $(DJANGO) migrate --noinput
	$(RUN_ENV) $(DJANGO) collectstatic --noinput -v0
	$(RUN_ENV) $(DJANGO) load_demo
	@echo "Клиентоцентр: http://$(HOST):$(PORT)/  (API: http://$(HOST):$(PORT)/api/v1/docs)"
	@echo "Фоновые задачи: manage.py work рядом с сервером; письма демо — в data/mail/"
	$(RUN_ENV) UV="$(UV)" HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) \
		BLOCKING_THREADS=$(BLOCKING_THREADS) scripts/serve.sh

lint: install
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen ruff check .
	$(UV) run --frozen lint-imports --no-cache
	$(UV) run --frozen bandit -q -c pyproject.toml -r accounts audit registry segments inbox mailings readability proactive feedback journeys standards indicators jobs exports cabinet lib config demo

typecheck: install
	$(DEV_ENV) $(UV) run --frozen mypy .

checks: install
	mkdir -p data
	$(DEV_ENV) $(DJANGO) makemigrations --check --dry-run
	KC_ENVIRONMENT=production HTTPS=true ALLOWED_HOSTS=klientocentr.example \
		SECRET_KEY="check-deploy-$$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')" \
		$(DJANGO) check --deploy --fail-level WARNING
	KC_ENVIRONMENT=production HTTPS=true ALLOWED_HOSTS=klientocentr.example \
		SECRET_KEY="collectstatic-$$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')" \
		$(DJANGO) collectstatic --noinput -v0

pytest-sqlite: install
	$(UV) run --frozen pytest -q -p randomly -n auto --maxprocesses 4

pytest-postgres: install
	scripts/with-postgres.sh $(UV) run --frozen pytest -q -p randomly -n auto --maxprocesses 4

test: install
	scripts/ensure-system-packages.sh
	$(MAKE) lint typecheck checks
	@echo "== pytest on SQLite" && $(MAKE) pytest-sqlite
	@echo "== pytest on PostgreSQL" && $(MAKE) pytest-postgres

clean:
	rm -rf data staticfiles .venv
