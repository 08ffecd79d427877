# rasad: set-up and everyday commands. Needs only python3 and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= rasad.db

.PHONY: install demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[web,scale,dev,neural]'
	touch $@

## install: create .venv and install rasad with everything it needs
install: $(VENV)/.installed

## demo: ingest examples/seeds into rasad.db and print the report (articles, counts, disagreements)
demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/rasad ingest examples/seeds --db sqlite:///$(DB)
	$(BIN)/rasad report --db sqlite:///$(DB)
	$(BIN)/rasad stats --db sqlite:///$(DB)
	$(BIN)/rasad claims --conflicts --db sqlite:///$(DB)

## test: run the whole suite
test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check src tests benchmarks

bench: install
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
