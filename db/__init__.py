"""The database layer: SQLAlchemy models, engine and sessions, migrations, backups.

Only this package creates sessions (through :class:`db.engine.Database`).
"""

from db.engine import Database, UnitOfWork

__all__ = ["Database", "UnitOfWork"]
