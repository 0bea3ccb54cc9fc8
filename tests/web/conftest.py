"""Fixtures shared by the backup and fault tests: scratch databases built from templates."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def database_templates(tmp_path_factory):
    from tests.web.test_backup import Databases

    databases = Databases(tmp_path_factory.mktemp("templates"))
    yield databases
    databases.close()


@pytest.fixture()
def databases(database_templates):
    yield database_templates
    database_templates.drop_scratch()
