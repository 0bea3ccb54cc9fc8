# The two commands: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := web:create_app

.PHONY: run test lint translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# axe-core checks accessibility inside the browser tests; installed from npm, never fetched
# by the tests themselves. Where CI is set a failed install stops here (and the tests fail
# rather than skip); elsewhere the accessibility tests are skipped with a warning.
AXE := tests/e2e/node_modules/axe-core/axe.min.js
$(AXE):
	@npm install --silent --no-save --no-package-lock --prefix tests/e2e axe-core@4.14 \
	  || if [ -n "$$CI" ]; then echo "axe-core could not be installed from npm" >&2; exit 1; \
	     else echo "warning: axe-core not installed: accessibility tests will be skipped" >&2; fi

translations: $(VENV)/.installed
	@if ls web/translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel -q compile -d web/translations; fi

run: $(VENV)/.installed translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: $(VENV)/.installed-test translations $(AXE)
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) instance *.egg-info
