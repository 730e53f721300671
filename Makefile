# briefgen: `make serve` to preview the bundled site, `make test` to run every check.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
CORPUS ?= ../shared/corpora/bbc-summary

.PHONY: serve build native test lint typecheck pytest golden bench bench-summary bench-actors bench-serve clean install install-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[search,native]'
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,search,native]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed native
install-dev: $(VENV)/.installed-dev

native: $(VENV)/.installed           ## compile the analysis modules to C (quick when up to date)
	$(BIN)/python -m briefgen.compile

serve: $(VENV)/.installed native           ## build the bundled seeds and preview on http://127.0.0.1:8000
	$(BIN)/briefgen serve --host $(HOST) --port $(PORT)

build: $(VENV)/.installed native           ## build site/ for publishing
	$(BIN)/briefgen build

test: lint typecheck pytest          ## everything CI runs

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check briefgen tests benchmarks

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

AXE := tests/a11y/node_modules/axe-core/axe.min.js

$(AXE): tests/a11y/package.json tests/a11y/package-lock.json
	npm ci --prefix tests/a11y --no-audit --no-fund --loglevel=error

pytest: $(VENV)/.installed-dev $(AXE) native
	$(BIN)/pytest -q

golden: $(VENV)/.installed-dev       ## regenerate tests/golden/ after an intended output change
	$(BIN)/python -m tests.golden

bench: $(VENV)/.installed-dev native       ## build-speed benchmark on the BBC corpus (SIZES=200,1000 for fewer seeds)
	$(BIN)/python -m benchmarks.bench_build --corpus $(CORPUS) --sizes $(if $(SIZES),$(SIZES),1000,5000,20000)

bench-summary: $(VENV)/.installed-dev  ## ROUGE of key points vs Lead-3 on the BBC corpus
	$(BIN)/python -m benchmarks.bench_summary $(CORPUS)

bench-actors: $(VENV)/.installed-dev   ## precision/recall of actors and places vs benchmarks/actors/gold
	$(BIN)/python -m benchmarks.bench_actors benchmarks/actors
	$(BIN)/python -m benchmarks.bench_actors benchmarks/actors-heldout
	$(BIN)/python -m benchmarks.bench_actors benchmarks/actors-unseen

bench-serve: $(VENV)/.installed-dev native   ## edit a seed under `briefgen serve`, time until served
	$(BIN)/python -m benchmarks.bench_serve --corpus $(CORPUS)

clean:
	rm -rf site .site.staging .briefgen-cache .pytest_cache .mypy_cache .ruff_cache tests/screenshots tests/a11y/node_modules
