# The two commands of the README: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
COPIES ?= 3

.PHONY: run cluster test test-cluster check translations catalogs check-quotes test-fast lint format graph validate timings bench bench-cold bench-upload bench-hostile bench-languages profile profile-paint compare-paint loadtest loadtest-copies loadtest-browser lighthouse browser clean

run: $(VENV)/.runtime-installed catalogs
	$(BIN)/python -m streamlit run app.py --server.port $(PORT)

# Several copies of the app behind nginx on PORT, cookie-sticky and health-checked
# (deploy/cluster.py); nginx comes from scripts/ensure-chromium. Ctrl-C stops them all.
cluster: $(VENV)/.runtime-installed catalogs browser
	$(BIN)/python -m deploy.cluster --copies $(COPIES) --port $(PORT)

# The whole suite: the quality gate first, then the failover test, then the browser tests.
test: check browser test-cluster
	$(BIN)/python -m pytest -m browser

# Three copies behind nginx, readers through it, one copy killed in the middle (about
# 40 s): apart from the fast tests, which it would slow past their minute on two cores.
test-cluster: $(VENV)/.dev-installed browser catalogs
	$(BIN)/python -m pytest -m cluster

# The interface's words (storymap/i18n.py): `make translations` gathers every marked
# string of the code into the template and merges it into each language's catalog, where
# a translator fills in what is new; `make catalogs` compiles them for the app.
LOCALES := storymap/locale
translations: $(VENV)/.runtime-installed
	$(BIN)/pybabel -q extract --mapping-file babel.cfg --no-location --sort-output --width 100 \
		--project storymap --copyright-holder "" --msgid-bugs-address "" \
		--output-file $(LOCALES)/messages.pot .
	$(BIN)/pybabel -q update --input-file $(LOCALES)/messages.pot --output-dir $(LOCALES) --width 100 \
		--no-fuzzy-matching --ignore-obsolete

catalogs: $(VENV)/.runtime-installed
	$(BIN)/pybabel -q compile --directory $(LOCALES)

# The gate every commit passes: lint, format, types, and the fast tests in parallel.
check: lint catalogs
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -m "not browser and not cluster" -n auto

test-fast: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -m "not browser and not cluster" -n auto

lint: $(VENV)/.dev-installed node_modules/.installed
	$(BIN)/ruff check .
	node_modules/.bin/eslint storymap/static

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Every quote of the story checked, word for word, against a copy of its article, which
# the repository does not hold: make check-quotes ARTICLE=path/to/article.txt
check-quotes: $(VENV)/.runtime-installed
	$(BIN)/python scripts/check_quotes.py $(ARTICLE) $(or $(DIR),data)

# The package's import graph with its lines per module; fails on a cycle or an upward import.
graph:
	$(PYTHON) scripts/import_graph.py --lines

validate: $(VENV)/.runtime-installed
	$(BIN)/python -m storymap validate $(or $(DIR),data)

timings: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.ui_timings

bench: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.bench $(if $(LOADS),--loads $(LOADS))

# The first reader after a start (cold, and after a restart on the disk cache) against
# the readers after, each server's start beside it, against servers started without
# their first run (STORYMAP_WARM_START=0) in the same run; at 10,000 places unless
# PLACES says otherwise; about 2.5 minutes a size.
bench-cold: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.cold_start --places $(or $(PLACES),10000) --runs $(or $(RUNS),3)

bench-upload: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.upload_bench

bench-hostile: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.hostile_bench

# The default story in each interface language against English, in one run.
bench-languages: $(VENV)/.dev-installed browser catalogs
	$(BIN)/python -m benchmarks.languages_bench

profile: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.profile_rerun

# What a fresh page does before its map shows the places, the product's and the
# baseline's: every request, the first run's messages in order, the long tasks.
profile-paint: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.paint_profile

# First paint of this checkout against another one, loads in turn in one run:
# make compare-paint AGAINST=../other-checkout [PLACES=10000]
compare-paint: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.paint_compare --against $(AGAINST) $(if $(PLACES),--places $(PLACES))

# Readers speaking Streamlit's WebSocket protocol, no browser, in steps until click p95
# passes 1 s twice in a row: the curve of one server (BENCHMARKS.md, benchmarks/loadtest.svg).
# make loadtest READERS="100 200 400" SECONDS=30 PROFILE=1
loadtest: $(VENV)/.dev-installed catalogs
	$(BIN)/python -m benchmarks.load_curve $(if $(READERS),--readers $(READERS)) \
		$(if $(SECONDS),--seconds $(SECONDS)) $(if $(PROFILE),--profile)

# The same readers through nginx to one copy and to two (make cluster), in one run: the
# readers each holds at click p95 under 1 s (BENCHMARKS.md, "Several copies behind nginx").
# CPU_PER_COPY=0.3 caps each copy at that share of a core (cgroups, as root), so that the
# load generator on the same machine does not take the cores a second copy needs.
loadtest-copies: $(VENV)/.dev-installed catalogs browser
	$(BIN)/python -m benchmarks.load_curve --copies $(or $(COPIES_COMPARED),1 2) \
		$(if $(READERS),--readers $(READERS)) $(if $(SECONDS),--seconds $(SECONDS)) \
		$(if $(CPU_PER_COPY),--cpu-per-copy $(CPU_PER_COPY))

# 20 Chromium pages at once on one server: what the browsers see, and memory let go after.
loadtest-browser: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.loadtest

# Lighthouse's mobile figures for the map page, the plain tutorial app and a one-line
# Streamlit page, in one run: benchmarks/lighthouse.md. Not part of `make test`.
lighthouse: $(VENV)/.dev-installed browser node_modules/.installed
	$(BIN)/python -m benchmarks.lighthouse

browser: $(VENV)/.dev-installed
	VENV=$(VENV) scripts/ensure-chromium

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.runtime-installed: requirements.txt $(VENV)/.created
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt $(VENV)/.created
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

# The JavaScript linter, from the npm registry at the versions package-lock.json pins.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) node_modules static/vendor static/storymap test-results .pytest_cache
