# The two commands a newcomer needs: `make run` and `make test`. Both set up what they need.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
FLASK := $(BIN)/flask --app clinic

.PHONY: run test lint format bench load install

$(STAMP): pyproject.toml package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	command -v npm >/dev/null && npm ci --no-audit --no-fund --silent || echo "npm not found: accessibility scans will skip"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

# The linters first, so CI (.ci/run calls `make test`) fails on a lint or security finding too.
test: install lint
	scripts/run-tests

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -q -r clinic config.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	scripts/run-tests tests/benchmarks -q -s

load: install
	scripts/load
