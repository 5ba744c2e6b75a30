# The two quick-start commands: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test tools lint format schema diff-doc bench clean postgres chromium

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

# The outside tools that judge our exports (Graphviz, mermaid-cli with Debian's Chromium, the
# YAML language server, the FHIR R4 definitions): see tests/tools/install.sh.
TOOLS := .tools/.installed

tools: $(TOOLS)

$(TOOLS): tests/tools/package.json tests/tools/package-lock.json tests/tools/install.sh
	sh tests/tools/install.sh

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

test: $(STAMP) postgres chromium $(TOOLS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: $(STAMP)
	$(BIN)/decisionaid schema > schema/tree.schema.json
	$(BIN)/decisionaid schema --fragment > schema/fragment.schema.json

# The worked example of `decisionaid diff` (exit status 1 means: some results differ, as meant).
diff-doc: $(STAMP)
	$(BIN)/decisionaid diff tests/authoring/data/migraine-1.0.0/migraine.yaml trees/migraine.yaml \
		--format markdown > docs/diff-1.0.0-to-1.1.0.md || [ $$? -eq 1 ]

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .tools build dist .pytest_cache .ruff_cache
