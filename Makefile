# aceprod: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
OUT ?= out
PIP := $(PY) -m pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# llama.cpp: portable x86-64 (AVX2) build, no examples/tests/server/tools, no network code.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DLLAMA_BUILD_EXAMPLES=OFF \
	-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_CURL=OFF -DGGML_BLAS=OFF
export CMAKE_BUILD_PARALLEL_LEVEL ?= 2
# torch: the CPU build, installed explicitly first so no dependency pulls a CUDA build.
TORCH ?= torch==2.13.0

.PHONY: setup test test-fast demo lint bench clean

$(STAMP): pyproject.toml Makefile
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q '$(TORCH)'
	$(PIP) install -q -e '.[dev,acestep]'
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
