"""Where a planted secret could surface: log records, and the raw bytes of the database."""

from __future__ import annotations

import logging
from pathlib import Path

from models.db import sqlite_path

# Unique enough that any hit is ours; Chinese too, as real notes are.
NOTE = "PLANTED-NOTE-7f3a 家里有人生病"


def log_text(records: list[logging.LogRecord]) -> str:
    """Every record as an operator would read it, tracebacks included."""
    formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
    return "\n".join(formatter.format(r) for r in records)


def database_bytes(url: str) -> bytes | None:
    """The SQLite file and its WAL, as they lie on disk (None for PostgreSQL)."""
    path = sqlite_path(url)
    if path is None:
        return None
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def found_in_database(url: str, *texts: str) -> list[str]:
    """Which of the texts lie in the raw database files, in UTF-8."""
    raw = database_bytes(url)
    if raw is None:
        return []
    return [text for text in texts if text.encode() in raw]
