# Two commands set everything up on a fresh machine (Python 3.11, pip, npm):
#   make run    the dashboard on the bundled sample article
#   make test   the whole test suite (installs Debian's chromium for the browser tests when root)
PY := .venv/bin/python
STAMP := .venv/.installed-$(shell cat requirements.txt package-lock.json 2>/dev/null | sha1sum | cut -c1-12)

.PHONY: setup run test chromium bench lint

$(STAMP): requirements.txt package.json package-lock.json
	test -x $(PY) || python3 -m venv .venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	bash scripts/install_frontend.sh
	$(PY) -c "from geo.gazetteer import Gazetteer; Gazetteer.load()"
	$(PY) -c "from diplomap.placenames import place_names_json; place_names_json()"
	rm -f .venv/.installed-* && touch $(STAMP)

setup: $(STAMP)

run: setup
	$(PY) -m streamlit run app.py --server.headless true --server.address 127.0.0.1

chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || echo "chromium missing: browser tests will fail"

test: setup chromium
	$(PY) -m pytest

lint: setup
	$(PY) -m ruff check . && $(PY) -m mypy geo extraction diplomap

bench: setup
	$(PY) bench/bench_ingest.py
