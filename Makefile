# The two quick-start commands: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format schema bench clean postgres chromium

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/decisionaid

# The store tests start a throwaway PostgreSQL server from its binaries (tests/postgres.py).
# Installed here when missing and we are root (as on CI); otherwise those tests say why they
# were skipped.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing PostgreSQL for the store tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
		echo "PostgreSQL is not installed and we are not root: its tests will be skipped"; \
	fi

# The browser tests drive Debian's Chromium (tests/web/). Installed here when missing and we
# are root (as on CI); otherwise those tests say why they were skipped (and fail when CI is set).
chromium:
	@command -v chromium >/dev/null || \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing Chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium is not installed and we are not root: the browser tests will be skipped"; \
	fi

test: $(STAMP) postgres chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: $(STAMP)
	$(BIN)/decisionaid schema > schema/tree.schema.json

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
