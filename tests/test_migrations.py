"""`flask db upgrade` builds, from nothing, exactly the schema the models describe."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from models import Base
from tests.helpers import scratch_database
from web import create_app
from web.extensions import db


def test_migrations_build_the_schema_the_models_describe(tmp_path):
    url, drop = scratch_database(tmp_path, "chamba_mig")
    try:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade(directory="migrations")
            with db.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                diff = compare_metadata(context, Base.metadata)
                tables = set(sa.inspect(connection).get_table_names())
            db.engine.dispose()
        assert diff == []
        assert set(Base.metadata.tables) <= tables
    finally:
        drop()
