# rasad: set-up and everyday commands. Needs only python3 and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= rasad.db

.PHONY: install demo test lint bench clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt --upgrade pip

# constraints.txt pins every package to the versions CI tested (make lock rewrites it).
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[web,scale,dev,neural]'
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

## lock: rewrite constraints.txt from what .venv holds now (after changing a dependency)
lock: install
	{ sed -n '1,3p' constraints.txt; $(BIN)/python -m pip freeze --all --exclude-editable | sed 's/^torch==\([0-9.]*\)+cpu$$/torch==\1/'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

lint: install
	$(BIN)/ruff check src tests benchmarks

bench: install
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache
