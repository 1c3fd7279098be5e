# Two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck bench fuzz clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The designer on a copy of a bundled example (saving never touches examples/).
run: $(STAMP)
	@mkdir -p scratch
	@test -f scratch/berlin-file-server.yaml || cp examples/berlin-file-server.yaml scratch/
	$(BIN)/retention design scratch/berlin-file-server.yaml

test: $(STAMP)
	$(BIN)/ruff check policy tui tests benchmarks
	$(BIN)/mypy policy tui
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n 2

bench: $(STAMP)
	$(BIN)/python benchmarks/projection.py
	$(BIN)/python benchmarks/storage.py
	$(BIN)/python benchmarks/check.py
	$(BIN)/python benchmarks/suggest.py
	$(BIN)/python benchmarks/diff.py
	$(BIN)/python benchmarks/exports.py
	$(BIN)/python benchmarks/designer.py

fuzz: $(STAMP)
	$(BIN)/python benchmarks/fuzz.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
