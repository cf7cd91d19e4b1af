"""Alembic environment of the workshop store, on storage.schema's metadata (the schema at head).

The app runs migrations through storage.db.init_schema, which passes its own connection (already in a
transaction holding the migration lock) in `config.attributes["connection"]`; the `alembic` command
line connects with the app's URL instead. SQLite gets batch mode (it cannot ALTER most things).
"""

from __future__ import annotations

from sqlalchemy import create_engine

from alembic import context
from storage.db import database_url
from storage.schema import metadata

config = context.config


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or database_url())
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run against a database")
run_migrations_online()
