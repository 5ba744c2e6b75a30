# The two quick-start commands: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format schema diff-doc bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/decisionaid

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: $(STAMP)
	$(BIN)/decisionaid schema > schema/tree.schema.json

# The worked example of `decisionaid diff` (exit status 1 means: some results differ, as meant).
diff-doc: $(STAMP)
	$(BIN)/decisionaid diff tests/authoring/data/migraine-1.0.0/migraine.yaml trees/migraine.yaml \
		--format markdown > docs/diff-1.0.0-to-1.1.0.md || [ $$? -eq 1 ]

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
