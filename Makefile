# Two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/retention validate examples/*.yaml examples/*.toml examples/*.json
	$(BIN)/retention project examples/berlin-file-server.yaml --from 2026-03-01 --to 2026-05-01
	$(BIN)/retention drift examples/berlin-file-server.yaml --from 2026-01-01

test: $(STAMP)
	$(BIN)/ruff check policy tui tests benchmarks
	$(BIN)/mypy policy tui
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/projection.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
