# Two entry points for a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint bench chromium haproxy class docs

$(VENV)/.runtime: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

# Debian's Chromium: Playwright's own browser download is not available everywhere.
chromium:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

# Debian's HAProxy: the load balancer in front of a class's replicas (make class).
haproxy:
	@command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq haproxy; }

# A lecture: one replica per core behind HAProxy on port 8500; prints the address, Ctrl-C stops.
class: $(VENV)/.runtime haproxy
	$(PY) deploy/serve_class.py

run: $(VENV)/.runtime
	$(VENV)/bin/streamlit run app.py

test: $(VENV)/.dev chromium haproxy
	$(VENV)/bin/ruff check .
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest
	# Lesson claims must not depend on the BLAS kernel's rounding: again with Haswell's kernels.
	OPENBLAS_CORETYPE=Haswell $(PY) -m pytest tests/test_lessons.py

# The engine's API reference from its docstrings (tests/test_api_reference.py builds it too).
docs: $(VENV)/.dev
	$(PY) -m pdoc engine -o docs/api

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .

bench: $(VENV)/.dev chromium
	$(PY) bench/engine.py
	$(PY) bench/datasets.py
	$(PY) bench/export.py
	$(PY) bench/search.py
	CHROMIUM=$(CHROMIUM) $(PY) bench/browser.py
