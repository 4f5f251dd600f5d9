"""`fudao keys new|rotate`, and where the encryption keys come from for every command.

Keys are `FUDAO_SECRET_KEYS` (comma-separated, newest first) or, where that is unset, the
lines of `FUDAO_DATA_DIR/secret.key` (newest first). `fudao run` and the other commands
that write creates that file once, 0600, in a data directory made 0700.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

from bot.config import Settings
from i18n import t
from models import crypto
from models.db import Database

log = logging.getLogger(__name__)

KEY_FILE = "secret.key"
EXIT_USAGE = 2
# Commands that may be the first to write a note or an outbox row: they create the key.
CREATING = frozenset({"run", "db", "demo-data", "sandbox", "import", "jobs", "assess"})
# Installing (`fudao db upgrade`) and starting the bot settle the key at once, and say where.
EAGER = frozenset({"run", "db"})


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `keys` subcommand and its two actions."""
    keys = sub.add_parser("keys", help="encryption keys of the notes")
    actions = keys.add_subparsers(dest="action", required=True)
    actions.add_parser("new", help="print a fresh key (put it first in FUDAO_SECRET_KEYS)")
    actions.add_parser("rotate", help="re-encrypt every value under the newest key")


def private_dir(path: Path) -> None:
    """Create the directory for its owner only (0700), and tighten it if it exists."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)


def _read_key_file(path: Path) -> list[str]:
    """The keys of a key file, one a line, newest first."""
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def _create_key_file(path: Path) -> list[str]:
    """Write a fresh key to a new 0600 file and say where it is."""
    private_dir(path.parent)
    key = crypto.new_key()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write(key + "\n")
    log.warning(
        "created the encryption key of the notes in %s: back it up apart from the database; "
        "without it every note is lost",
        path.resolve(),
    )
    return [key]


def use_configured_keys(settings: Settings, command: str) -> None:
    """Install the key loader for this command; `run` and `db` load (or create) it at once."""
    path = settings.data_dir / KEY_FILE
    create = command in CREATING

    def load() -> list[str]:
        if path.exists():
            return _read_key_file(path)
        return _create_key_file(path) if create else []

    crypto.load_keys_with(load)
    if create and settings.database_url is None:
        private_dir(settings.data_dir)
    if command in EAGER:
        source = crypto.KEYS_ENV if os.environ.get(crypto.KEYS_ENV) else str(path.resolve())
        log.info("encryption keys of the notes: %s (%d key(s))", source, crypto.key_count())


def keys(settings: Settings, args: argparse.Namespace) -> int:
    """Print a new key, or rotate every value to the newest key."""
    if args.action == "new":
        print(crypto.new_key())
        return 0
    return asyncio.run(_rotate(settings))


async def _rotate(settings: Settings) -> int:
    """Re-encrypt under the newest key, saying how many values changed."""
    from services.privacy import rotate_keys

    db = Database(settings.db_url)
    try:
        async with db.session() as session:
            changed, total = await rotate_keys(session)
    except crypto.MissingKeyError:
        print(t("keys-missing"), file=sys.stderr)
        return EXIT_USAGE
    except crypto.UnreadableValueError:
        print(t("keys-unreadable"), file=sys.stderr)
        return 1
    finally:
        await db.dispose()
    print(t("keys-rotated", changed=changed, total=total))
    return 0
