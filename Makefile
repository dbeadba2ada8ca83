# Every target sets up .venv itself, so a fresh clone needs nothing but `make demo` or `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export FULFIL_DATA_DIR ?= data
export DAGSTER_HOME ?= $(CURDIR)/$(FULFIL_DATA_DIR)/dagster_home

.PHONY: setup demo test test-all ui lint format bench clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found); set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

demo: setup
	@mkdir -p $(DAGSTER_HOME)
	$(PY) -m pipelines.demo

test: setup
	@mkdir -p $(DAGSTER_HOME)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/dagster definitions validate -w workspace.yaml
	$(VENV)/bin/pytest -q

test-all: setup
	$(VENV)/bin/pytest -q -m ""

ui: setup
	@mkdir -p $(DAGSTER_HOME)
	$(VENV)/bin/dagster dev -w workspace.yaml

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: setup
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
