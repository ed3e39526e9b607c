# `make run` and `make test` install whatever is missing, then start the server / run the tests.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PO     := $(wildcard translations/*/LC_MESSAGES/messages.po)
MO     := $(PO:.po=.mo)
HOST   ?= 0.0.0.0
PORT   ?= 5000
PROCESSES ?= 2
PYTEST := $(PY) -m pytest
# Python may cache compiled modules (.pyc): this machine's environment sets PYTHONDONTWRITEBYTECODE,
# which makes every test process and server start compile Podium's modules again.
export PYTHONDONTWRITEBYTECODE =

.PHONY: run cluster test test-fast bench system system-browser system-cluster translations catalogs clean

run: $(STAMP) system translations
	$(VENV)/bin/podium run --demo --host $(HOST) --port $(PORT)

# Scale-out (docs/deploy.md): PROCESSES gunicorn processes on PORT+1.. behind nginx on PORT, on PostgreSQL
# (PODIUM_DATABASE_URL, created when missing) and Redis (PODIUM_MESSAGE_QUEUE); Ctrl-C stops everything.
cluster: $(STAMP) system-cluster translations
	$(PY) deploy/cluster.py --demo --host $(HOST) --port $(PORT) --processes $(PROCESSES)

# The whole suite in three runs: the tests that need no server and no browser on both cores
# (pytest-xdist); the browser and server tests on both cores too (each worker has its own server
# and Chromium; they mostly wait on each other, so two at a time take about 80% of one at a time);
# then, with nothing else running, the few that measure time (`alone`: latency, timing side channels).
test: $(STAMP) system-browser translations
	$(PYTEST) -m "not browser and not server" -n 2 $(PYTEST_ARGS)
	$(PYTEST) -m "(browser or server) and not alone" -n 2 $(PYTEST_ARGS)
	$(PYTEST) -m "alone" $(PYTEST_ARGS)

# The fast tier while coding: no browser, no server process; property tests on a fifth of their examples.
test-fast: $(STAMP) system-browser translations
	PODIUM_FAST_TIER=1 $(PYTEST) -m "not browser and not server" -n 2 $(PYTEST_ARGS)

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

system-cluster:
	@scripts/system-packages.sh cluster

translations: $(MO)

# After changing texts in the code: the template from the sources (with where each text is used, for the
# translators), merged into every language's catalog (a changed English text keeps its old translation
# marked fuzzy, with the previous English beside it, until a translator reviews it). docs/translating.md
catalogs: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg -o translations/messages.pot --add-comments=TRANSLATORS: \
		--sort-by-file --project=Podium --copyright-holder="Podium" --msgid-bugs-address="" .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --previous --ignore-obsolete

%.mo: %.po $(STAMP)
	$(VENV)/bin/pybabel compile -i $< -o $@

clean:
	rm -rf $(VENV) instance .pytest_cache
