# termshift: `make all` builds the environment and regenerates every output;
# `make test` runs every test. `make` alone lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help all test test-fast browser-test lint fuzz coverage handout docs figures check-figures counts notebooks notebooks-pair bench lab constraints clean

## Build the environment and regenerate every output (the main job): figures, manifest, counts
all: figures counts

## Regenerate every figure and figures/MANIFEST.json by running the notebooks headless
# (pairing first: a local .ipynb, ignored by git, is synced with its tracked .py, the newer file winning)
figures: $(STAMP)
	$(MAKE) --no-print-directory notebooks-pair
	$(BIN)/termshift figures

## Run every test, offline (what CI runs): unit tests, doctests, notebooks, lint and types
test: $(STAMP)
	$(BIN)/python -m pytest

## Every test but the notebook kernels and the browser (about a minute)
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not notebooks and not browser"

## The notebooks in JupyterLab in Chromium (Playwright): every figure shows, no error (needs apt-get install chromium)
browser-test: $(STAMP)
	$(BIN)/python -m pytest -m browser tests/test_browser.py

## The full loader fuzz: 10,000 hostile folder entries per seed, more hypothesis examples (minutes)
fuzz: $(STAMP)
	TERMSHIFT_FUZZ_ENTRIES=10000 TERMSHIFT_FUZZ_EXAMPLES=2000 TERMSHIFT_FUZZ_HEADER_CHARS=40000 $(BIN)/python -m pytest tests/test_fuzz.py -p no:cacheprovider

## Lint (ruff) and type-check (mypy); the test suite runs both too
lint: $(STAMP)
	$(BIN)/ruff check lib tests notebooks benchmarks docs
	$(BIN)/mypy

## Count the shipped framing terms by month into figures/
counts: $(STAMP)
	$(BIN)/termshift count corpus --terms corpus/framing_terms.toml --freq month --quiet \
		--out figures/framing_counts_by_month.csv

## Check that the committed figures are byte for byte what the code makes
check-figures: $(STAMP)
	$(BIN)/termshift figures --check

## Build/re-pair the notebooks' .ipynb from the tracked .py (newer file wins, canonical .py, no outputs); exercises
# git tracks only the py:percent sources: each .ipynb (what Lab opens, saves with outputs) is built and ignored.
notebooks: $(STAMP)
	$(MAKE) --no-print-directory notebooks-pair
	$(BIN)/termshift exercises build

# The pairing step alone, on NB_DIR (the tests run it on a copy): sync each pair (the newer file wins),
# rewrite the .py through jupytext.toml's filters, then strip outputs, execution counts and
# non-tag metadata from the .ipynb (cell ids kept, so the diff shows only what changed).
NB_DIR ?= notebooks
define STRIP_OUTPUTS
import sys, nbformat
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    nb.metadata = nbformat.from_dict({k: v for k, v in nb.metadata.items() if k in ("kernelspec", "jupytext")})
    if "jupytext" in nb.metadata:
        nb.metadata.jupytext = {k: v for k, v in nb.metadata.jupytext.items() if k == "formats"}
    for cell in nb.cells:
        cell.metadata = nbformat.from_dict({k: v for k, v in cell.metadata.items() if k == "tags"})
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.pop("attachments", None)
    nbformat.write(nb, path)
endef
export STRIP_OUTPUTS
notebooks-pair:
	$(BIN)/jupytext --quiet --sync $(wildcard $(NB_DIR)/[0-9]*.py)
	$(BIN)/jupytext --quiet --to py:percent $(patsubst %.py,%.ipynb,$(wildcard $(NB_DIR)/[0-9]*.py))
	$(BIN)/python -c "$$STRIP_OUTPUTS" $(patsubst %.py,%.ipynb,$(wildcard $(NB_DIR)/[0-9]*.py))

## Coverage and calibration tables of the intervals and tests (docs/inference.md; about 5 minutes)
coverage: $(STAMP)
	$(BIN)/python benchmarks/coverage.py --out build/coverage_tables.md

## The documentation site into build/docs/html, offline: notebooks executed (cached), warnings are errors
docs: $(STAMP)
	$(BIN)/python docs/site.py

## The student handout: exercise notebooks without solutions and a wheel of termshift, as a folder and a zip, in build/handout
# The wheel is built offline from this checkout (setuptools from the dev extra, no build isolation); fixed dates.
handout: $(STAMP)
	rm -rf build/wheel build/lib build/bdist.*  # no stale module of an earlier build in the wheel
	SOURCE_DATE_EPOCH=315532800 $(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w build/wheel .
	$(BIN)/termshift exercises handout --out build/handout --wheel build/wheel/termshift-*.whl

## Benchmarks (slow; see benchmarks/README.md): counting against the usual alternatives, Japanese tokens, news imports
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[all,dev,bench]"
	$(BIN)/python -m compileall -q lib/termshift  # bytecode, as an installed package has it
	$(BIN)/python benchmarks/bench_count.py
	$(BIN)/python benchmarks/bench_end_to_end.py
	$(BIN)/python benchmarks/bench_scale.py --big
	$(BIN)/python benchmarks/bench_cluster.py
	$(BIN)/python benchmarks/bench_japanese.py
	$(BIN)/python benchmarks/bench_import.py

## Open the notebooks in JupyterLab (rooted here, so that jupytext.toml keeps saved pairs canonical)
lab: $(STAMP) notebooks
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks

## Re-pin requirements/constraints.txt from the current environment
constraints: $(STAMP)
	{ echo "# Exact versions for a reproducible environment (make installs with -c this file)."; \
	  echo "# Regenerate after changing dependencies: make constraints"; \
	  $(BIN)/python -m pip freeze --all --exclude-editable | grep -v -e '^#' -e '^pip==' | sort -f; } > requirements/constraints.txt.new
	mv requirements/constraints.txt.new requirements/constraints.txt

## Remove the environment
clean:
	rm -rf $(VENV)

$(STAMP): pyproject.toml requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[all,dev]"
	touch $@

## Show this help
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-z][a-z-]*:/{if(doc){split($$0,t,":"); printf "  make %-14s %s\n", t[1], doc}; doc=""}' $(MAKEFILE_LIST)
