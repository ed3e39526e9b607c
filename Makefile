# `make run` and `make test` install whatever is missing, then start the server / run the tests.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PO     := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO     := $(PO:.po=.mo)
HOST   ?= 0.0.0.0
PORT   ?= 5000

.PHONY: run test bench system system-browser translations clean

run: $(STAMP) system translations
	$(VENV)/bin/podium run --demo --host $(HOST) --port $(PORT)

test: $(STAMP) system-browser translations
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP) system translations
	$(PY) -m benchmarks

$(STAMP): requirements.txt setup.cfg pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -r requirements.txt
	$(VENV)/bin/pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

system:
	@scripts/system-packages.sh

system-browser:
	@scripts/system-packages.sh browser

translations: $(MO)

%.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel compile -i $< -o $@

clean:
	rm -rf $(VENV) instance .pytest_cache
