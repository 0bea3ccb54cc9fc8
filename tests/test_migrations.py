"""`flask db upgrade` builds, from nothing, exactly the schema the models describe."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from models import Base
from tests.helpers import DATABASE_URL, is_postgres
from web import create_app
from web.extensions import db


def _empty_database_url(tmp_path) -> tuple[str, callable]:
    if not is_postgres():
        return f"sqlite:///{tmp_path}/migrated.sqlite", lambda: None
    name = f"chamba_mig_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()

    return sa.make_url(DATABASE_URL).set(database=name).render_as_string(False), drop


def test_migrations_build_the_schema_the_models_describe(tmp_path):
    url, drop = _empty_database_url(tmp_path)
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
