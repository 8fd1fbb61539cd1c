# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint format migrate fixtures browser-deps bench bench-smoke bench-identity bench-relevance clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Create the virtualenv, migrate the database (SQLite in var/ unless DATABASE_URL says
# otherwise), load the outlets, the people registry, the topic vocabulary, places and
# organisations, import the transcripts of fixtures/ and serve the archive.
run: fixtures
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Only the transcripts are imported: the importer reads JSON transcripts too, and the
# registries beside them are not transcripts (tests/test_fixtures.py runs these lines).
fixtures: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_sources fixtures/sources.json
	$(BIN)/python manage.py load_people fixtures/people.json
	$(BIN)/python manage.py load_topics
	$(BIN)/python manage.py import_interviews fixtures/*.txt --no-progress

# The whole suite: parser, importer, pages, search and, where Chromium is installed, the browser tests.
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks at scale (bench/README.md): SIZE=small (default), 10k or 100k; DB=both (default),
# postgresql or sqlite; CORPUS=folder of real documents (default ../shared/corpus/bench).
SIZE ?= small
DB ?= both
BENCH_ARGS ?=
bench: $(STAMP)
	$(BIN)/python -m bench --size $(SIZE) --db $(DB) $(if $(CORPUS),--corpus $(CORPUS)) $(BENCH_ARGS)

# A tiny run of every step, for CI: it checks that the benchmark works, not how fast.
bench-smoke: $(STAMP)
	$(BIN)/python -m bench --size smoke --db $(DB) --seconds 2 $(if $(CORPUS),--corpus $(CORPUS)) $(BENCH_ARGS)

# Speaker identity on the whole benchmark corpus (bench/identity.py): figures, the 100 most
# quoted people against the checked list, and random turns to read.
bench-identity: $(STAMP)
	$(BIN)/python -m bench.identity --db $(DB) $(if $(CORPUS),--corpus $(CORPUS)) $(BENCH_ARGS)

# Judged relevance (bench/relevance/): the 40 queries searched on each database with the
# bench corpus imported (SQLITE_URL, PG_URL), then nDCG@10 and the share of substantive hits
# for this run beside the kept `before` runs. LABEL names the run (default: after).
LABEL ?= after
bench-relevance: $(STAMP)
	$(BIN)/python -m bench.relevance run --db $(DB) --label $(LABEL) $(if $(SQLITE_URL),--sqlite-url $(SQLITE_URL)) $(if $(PG_URL),--postgres-url $(PG_URL))
	$(BIN)/python -m bench.relevance report --label before --label $(LABEL)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
