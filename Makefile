# IKI Kecamatan — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.terpasang

.PHONY: run test bench lint setup demo clean

# `make run HOST=0.0.0.0 PORT=8000` opens the demo to the office network.
HOST ?= 127.0.0.1
PORT ?= 8000
koma := ,
kosong :=
spasi := $(kosong) $(kosong)
# The names the demo run answers to: localhost, and with HOST=0.0.0.0 this machine's name and
# its addresses on the network (hostname -I), never "*". DJANGO_ALLOWED_HOSTS set in the
# environment wins (e.g. a name the office DNS gives the machine).
# An IPv6 address is written in brackets, as it arrives in the Host header.
ALAMAT_MESIN = $(if $(filter 0.0.0.0 ::,$(HOST)),$(shell hostname 2>/dev/null) $(shell hostname -I 2>/dev/null),$(HOST))
DJANGO_ALLOWED_HOSTS ?= $(subst $(spasi),$(koma),$(sort localhost 127.0.0.1 \
  $(foreach a,$(ALAMAT_MESIN),$(if $(findstring :,$(a)),[$(a)],$(a)))))

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
	$(PY) manage.py createcachetable
	$(PY) manage.py muat_ketapang
	$(PY) manage.py buat_pengguna_demo

run: demo
	@echo "Alamat yang diterima: $(DJANGO_ALLOWED_HOSTS)"
	DJANGO_DEBUG=1 DJANGO_ALLOWED_HOSTS="$(DJANGO_ALLOWED_HOSTS)" $(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache .hypothesis
