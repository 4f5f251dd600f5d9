"""A second Database (or a migration) on an SQLite file this process already writes to must not
drop the process's lock on it: another process would then write at the same time, and the
file would be corrupted (seen once in `make bench`: "database disk image is malformed")."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from models.db import Database, private_file

# Another process writes a row and closes: the last connection to close deletes the WAL.
OTHER_PROCESS = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("INSERT INTO t VALUES (2)")
conn.commit()
conn.close()
"""


@pytest.mark.sqlite_only
def test_a_second_database_on_the_file_keeps_this_process_lock(tmp_path: Path) -> None:
    path = tmp_path / "fudao.db"
    wal = tmp_path / "fudao.db-wal"
    mine = sqlite3.connect(path, isolation_level=None)
    mine.execute("PRAGMA journal_mode=WAL")
    mine.execute("CREATE TABLE t (x INTEGER)")
    mine.execute("INSERT INTO t VALUES (1)")

    Database(f"sqlite:///{path}")  # as the console, a job or a CLI command opens one
    private_file(path)  # as a migration does before it starts
    subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(path)], check=True)
    # This process's connection is open: the other one was not the last and left the WAL
    # alone (with the lock dropped it deleted it under this connection).
    assert wal.exists()
    assert mine.execute("SELECT count(*) FROM t").fetchone() == (2,)
    assert mine.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    mine.close()


def test_it_creates_the_file_private_and_tightens_an_existing_one(tmp_path: Path) -> None:
    new = tmp_path / "data" / "fudao.db"
    private_file(new)
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    old = tmp_path / "old.db"
    old.write_bytes(b"kept")
    old.chmod(0o644)
    private_file(old)
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
    assert old.read_bytes() == b"kept"
