# The two commands of the README: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test test-fast lint validate timings bench bench-upload bench-hostile profile loadtest browser clean

run: $(VENV)/.runtime-installed
	$(BIN)/python -m streamlit run app.py --server.port $(PORT)

test: $(VENV)/.dev-installed browser
	$(BIN)/python -m pytest

test-fast: $(VENV)/.dev-installed
	$(BIN)/python -m pytest -m "not browser"

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .

validate: $(VENV)/.runtime-installed
	$(BIN)/python -m storymap validate $(or $(DIR),data)

timings: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.ui_timings

bench: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.bench

bench-upload: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.upload_bench

bench-hostile: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.hostile_bench

profile: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.profile_rerun

loadtest: $(VENV)/.dev-installed browser
	$(BIN)/python -m benchmarks.loadtest

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

clean:
	rm -rf $(VENV) static/vendor test-results .pytest_cache
