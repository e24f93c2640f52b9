# Two entry points for a fresh machine: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The floor venv: the lowest versions pyproject.toml's bounds allow (requirements-floor.txt).
FLOOR_VENV ?= .venv-floor
# uv, for `make lock` only: its own venv, so the locks never depend on what the project installs.
TOOLS_VENV ?= .venv-tools
UV_VERSION := 0.13.9
COMPILE = $(TOOLS_VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes \
	--quiet --no-header $(UPGRADE)

# The tests whose claims are about where training goes (run twice by `make test`).
TRAINING_CLAIMS = tests/test_lessons.py tests/test_new_lessons.py tests/test_conv_lessons.py \
	tests/test_gan.py tests/test_gan_saturating.py tests/test_adversarial.py \
	tests/test_autoencoder.py tests/test_family_trees.py tests/test_rbm_lessons.py \
	tests/test_recirculation.py tests/test_challenges.py \
	tests/test_adversarial_lessons.py tests/test_autoencoder_lessons.py

.PHONY: run test test-floor lock deptry lint bench chromium haproxy class docs

# Installs only from the locks (exact versions, each file's hash checked).
$(VENV)/.runtime: requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q --require-hashes -r requirements-dev.txt
	touch $@

# Renews the three locks from pyproject.toml. uv keeps each pinned version the bounds still allow;
# `make lock UPGRADE=--upgrade` moves every pin to the newest allowed. requirements.txt: the engine
# and the page (a deploy); requirements-dev.txt: the same versions plus the tools; floor: the
# lowest version of every direct dependency.
lock: $(TOOLS_VENV)/bin/uv
	$(COMPILE) --extra app -o requirements.txt
	$(COMPILE) --extra app --extra dev -c requirements.txt -o requirements-dev.txt
	$(COMPILE) --extra app --extra dev --resolution lowest-direct --upgrade -o requirements-floor.txt

$(TOOLS_VENV)/bin/uv:
	python3 -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/python -m pip install -q uv==$(UV_VERSION)

$(FLOOR_VENV)/.floor: requirements-floor.txt
	rm -rf $(FLOOR_VENV)
	python3 -m venv $(FLOOR_VENV)
	$(FLOOR_VENV)/bin/python -m pip install -q --upgrade pip
	$(FLOOR_VENV)/bin/python -m pip install -q --require-hashes -r requirements-floor.txt
	touch $@

# The declared floors are tested: every test that needs no browser, on the lowest versions.
test-floor: $(FLOOR_VENV)/.floor
	$(FLOOR_VENV)/bin/python -m pytest -m "not browser" -p no:cacheprovider

# No import that pyproject.toml does not declare, no declared dependency left unused.
deptry: $(VENV)/.dev
	$(VENV)/bin/deptry .

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

# The file watcher is a development setting (a deploy has none: .streamlit/config.toml).
run: $(VENV)/.runtime
	$(VENV)/bin/streamlit run app.py --server.fileWatcherType auto

test: $(VENV)/.dev chromium haproxy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/deptry .
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest
	# Claims about training runs (lessons, GAN modes, adversarial curves, codes) must not depend
	# on the BLAS kernel's rounding: again with Haswell's kernels.
	OPENBLAS_CORETYPE=Haswell $(PY) -m pytest $(TRAINING_CLAIMS)

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
	$(PY) bench/board.py
	CHROMIUM=$(CHROMIUM) $(PY) bench/browser.py
