.PHONY: setup test soak conform serve bench lint clean zoo ibeam

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
	rm -rf .venv .venv-ibeam reports/*/ .pytest_cache

# IBeam in a venv of its own (its pins clash with the project's), for tests/interop; needs chromium-driver and xvfb.
ibeam: setup
	test -x .venv-ibeam/bin/python || $(PYTHON) -m venv .venv-ibeam
	.venv-ibeam/bin/python -m pip install -q -r tools/ibeam/requirements.txt
	@command -v chromedriver >/dev/null && command -v Xvfb >/dev/null || \
		echo "tests/interop also needs Debian's chromium-driver and xvfb: apt-get install -y chromium-driver xvfb"

zoo: setup
	$(PYTHON) scripts/mutant_zoo.py --full
