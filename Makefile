# The one entry point. `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Localhost only by default; see README "Serving to a network" before changing.
ADDRESS ?= 127.0.0.1
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint bench check clean chromium load

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamp files so a second `make` does not reinstall; they change when the pins change.
$(VENV)/.runtime: requirements.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(VENV)/bin/activate
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

$(VENV)/.bench: requirements-bench.txt requirements-dev.txt | $(VENV)/.dev
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

run: $(VENV)/.runtime
	@echo "Corridor Atlas: open http://localhost:$(PORT) in a browser (Ctrl+C stops it)"
	$(PY) -m streamlit run dashboard/app.py --server.port $(PORT) --server.address $(ADDRESS) \
		--server.headless true --browser.gatherUsageStats false

# Debian's Chromium drives the browser tests; never a downloaded browser build.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian's chromium for the browser tests"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
			|| echo "Could not install chromium: browser tests will be skipped (they fail under CI=true)"; \
		else \
			echo "No $(CHROMIUM) and not root: run 'sudo apt-get install -y chromium' for the browser tests"; \
		fi; \
	fi

# Everything, then the load test on its own: it measures latency under load, so nothing
# else may run beside it (about 4 of the suite's minutes).
test: $(VENV)/.dev chromium
	$(PY) -m ruff check .
	$(PY) -m pytest -q
	$(PY) -m pytest -q -m load tests/browser/test_load.py

# Only the load test: 20 concurrent Chromium sessions against one server
# (docs/robustness.md).
load: $(VENV)/.dev chromium
	$(PY) -m pytest -q -m load tests/browser/test_load.py

lint: $(VENV)/.dev
	$(PY) -m ruff check .

check: $(VENV)/.runtime
	$(PY) -m geodata check
	$(PY) -m corpus check

bench: $(VENV)/.bench chromium
	$(PY) -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache dashboard/static/vendor corpus/index
