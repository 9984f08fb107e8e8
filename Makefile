.PHONY: setup test soak conform serve bench lint clean zoo

PYTHON := .venv/bin/python

setup:
	@scripts/setup.sh

test: setup
	.venv/bin/ruff check .
	$(PYTHON) -m pytest -n 2 -q

soak: setup
	$(PYTHON) -m pytest -m soak -q -s

conform: setup
	.venv/bin/ibkey-conform run

serve: setup
	.venv/bin/ibkey-conform serve --demo

bench: setup
	$(PYTHON) -m bench.run

lint: setup
	.venv/bin/ruff check .

clean:
	rm -rf .venv reports/*/ .pytest_cache

zoo: setup
	$(PYTHON) scripts/mutant_zoo.py --full
