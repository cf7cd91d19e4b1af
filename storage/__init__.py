"""The workshop store (DESIGN §5): SQLAlchemy 2, SQLite by default, any URL (PostgreSQL) by setting.

No Streamlit here and no SQL in pages: the UI calls storage.workshops with an engine from
storage.db.get_engine(storage.db.database_url(secrets)).
"""

from storage.db import database_url, get_engine
from storage.errors import AccessDenied, BadText, JoinRefused, NotFound, StorageError, WorkshopClosed

__all__ = [
    "AccessDenied",
    "BadText",
    "JoinRefused",
    "NotFound",
    "StorageError",
    "WorkshopClosed",
    "database_url",
    "get_engine",
]
