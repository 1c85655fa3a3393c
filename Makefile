# aceprod: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
OUT ?= out
PIP := $(PY) -m pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup test test-fast demo lint bench clean

$(STAMP): pyproject.toml Makefile
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

test: setup
	$(VENV)/bin/pytest -q

test-fast: setup
	$(VENV)/bin/pytest -q -m "not slow"

lint: setup
	$(VENV)/bin/ruff check .

demo: setup
	@for f in examples/pipelines/*.yaml; do \
		$(VENV)/bin/aceprod run "$$f" --out $(OUT)/demo || exit 1; \
	done
	@echo "demo: takes are in $(OUT)/demo/"

clean:
	rm -rf $(OUT) .pytest_cache
