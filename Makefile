# The two quick-start commands: `make run` and `make test`. Both create .venv when it is missing.
# The Python that makes .venv: the system's own (/usr/bin/python3) when it is 3.11 or newer and
# can make one, else the first python3 on the PATH. Distributions build their Python with
# profile-guided and link-time optimisation; a Python built by pyenv with its defaults has
# neither. On the two-core development machine, where python3 on the PATH is such a pyenv
# build, the system's ran `make test` in 65 s against 71 s (three interleaved runs of each)
# and draws each screen about a tenth sooner. PYTHON=... chooses another (after `make clean`
# if .venv exists).
PYTHON ?= $(shell /usr/bin/python3 -c 'import ensurepip, sys; sys.exit(sys.version_info < (3, 11))' \
	2>/dev/null && echo /usr/bin/python3 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test coverage tools lint format schema diff-doc bench clean postgres chromium

# The tests run in parallel (pytest-xdist): two workers more than there are cores, because
# some tests wait rather than work (Pilot waiting for the screen after each key, timers, real
# processes and browsers), and the spare workers fill those gaps (on two cores, four workers
# finished two seconds sooner than three on average over eight runs of each; on 2026-12-07,
# after Pilot's wait was shortened, neither count was clearly faster over three runs each).
# `loadgroup` hands each worker a test more whenever it is down to a few, so the long tests,
# which go first (tests/conftest.py), start at once on the free workers and nothing long is
# left for the end; a module marked with an xdist_group (a costly module-scoped fixture: a
# language server, big trees) goes whole to one worker. `make test PYTEST_WORKERS=0` runs
# them in one process.
PYTEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null) && echo $$((n + 2)) || echo auto)
PYTEST := $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup --no-loadscope-reorder
# How the tests run, whatever the shell around them says:
# - Python keeps its compiled bytecode even where PYTHONDONTWRITEBYTECODE is set: otherwise
#   every worker and every process a test starts compiles the package (and pytest rewrites
#   every test module's asserts) again, a second or more each time.
# - Temporary files go to memory (/dev/shm) when it has a gigabyte free: saving a screening
#   syncs the disk at every commit, which on a busy disk takes longer than the test.
TEST_TMPDIR := $(shell df -Pm /dev/shm 2>/dev/null | awk 'NR == 2 && $$4 >= 1024 { print "/dev/shm" }')
TEST_ENV := env -u PYTHONDONTWRITEBYTECODE $(if $(TEST_TMPDIR),TMPDIR=$(TEST_TMPDIR))

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

# What CI runs (as root, with no terminal, on a clean clone): lint, format, types, tests.
test: $(STAMP) postgres chromium $(TOOLS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(TEST_ENV) $(PYTEST)

# The same tests, measuring which lines of decisionaid/ they run (README: Development).
coverage: $(STAMP) postgres chromium $(TOOLS)
	$(TEST_ENV) $(PYTEST) --cov --cov-report=term --cov-fail-under=94

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
	rm -rf $(VENV) .tools build dist .pytest_cache .ruff_cache .mypy_cache .coverage
