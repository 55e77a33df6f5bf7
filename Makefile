# IKI Kecamatan — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.terpasang

.PHONY: run test bench lint setup demo clean

$(STAMP): requirements.txt
	@# WeasyPrint (PDF) needs Pango from the system, and HarfBuzz-Subset to embed font subsets.
	@if ! ldconfig -p | grep -q libpangoft2-1.0 || ! ldconfig -p | grep -q libharfbuzz-subset; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; \
	  else echo "Peringatan: pasang libpango-1.0-0, libpangoft2-1.0-0 dan libharfbuzz-subset0 (apt-get) agar PDF dapat dibuat."; fi; \
	fi
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py muat_ketapang
	$(PY) manage.py buat_pengguna_demo

run: demo
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .hypothesis
