# Two commands set everything up: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-deps clean system-deps browser-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# Programs outside Python: espeak-ng reads the questions aloud, PortAudio plays and records sound.
# Installed when missing and we are root; otherwise a hint, never a failure: typed answers work without them.
system-deps:
	@missing=""; \
	command -v espeak-ng >/dev/null 2>&1 || missing="$$missing espeak-ng"; \
	{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q 'libportaudio\.so\.2' || missing="$$missing libportaudio2"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make: installing$$missing" >&2; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; } </dev/null >/dev/null \
	    || echo "make: could not install$$missing; speech out will not work until it is installed" >&2; \
	else \
	  echo "make: missing$$missing (questions read aloud, sound); install: sudo apt-get install$$missing" >&2; \
	fi

# Chromium runs the web app's browser tests (Playwright drives /usr/bin/chromium and never downloads one).
# Only `make test` needs it; the tests fail, never skip, when it is missing.
browser-deps:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make: installing chromium for the browser tests" >&2; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } </dev/null >/dev/null \
	    || echo "make: could not install chromium; the browser tests will fail until it is installed" >&2; \
	else \
	  echo "make: chromium is missing (browser tests); install: sudo apt-get install chromium" >&2; \
	fi

$(STAMP): $(BIN)/python pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/embeddings.txt
	touch $(STAMP)

# The main job: the web app on http://127.0.0.1:8000/ (the terminal interview is `starcoach practice`).
run: $(STAMP)
	$(BIN)/starcoach serve

# The one test that reads outside the project checks our report schema against the shared contract
# when the shared folder sits beside the checkout; without it that test skips (and fails under CI=true).
SHARED_CONTRACT := $(abspath $(wildcard $(CURDIR)/../shared/contracts/answer-report.schema.json))

test: $(STAMP) browser-deps
	STARCOACH_SHARED_CONTRACT="$${STARCOACH_SHARED_CONTRACT:-$(SHARED_CONTRACT)}" $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# bench/speech.py builds its recordings with flite and sox besides espeak-ng (the tests need only espeak-ng).
bench-deps:
	@missing=""; \
	for program in sox flite; do command -v $$program >/dev/null 2>&1 || missing="$$missing $$program"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "make: installing$$missing for the speech benchmark" >&2; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; } </dev/null >/dev/null \
	    || echo "make: could not install$$missing; bench/speech.py will say what is missing" >&2; \
	else \
	  echo "make: missing$$missing (speech benchmark); install: sudo apt-get install$$missing" >&2; \
	fi

bench: $(STAMP) bench-deps
	$(BIN)/python bench/accuracy.py --write
	$(BIN)/python bench/speed.py --write
	$(BIN)/python bench/tone.py --write
	$(BIN)/python bench/story_match.py --write
	$(BIN)/python bench/speech.py --write
	$(BIN)/python bench/speech_wait.py --write
	$(BIN)/python bench/roleplay.py --seed 7 --write
	$(BIN)/python bench/load.py --write

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
