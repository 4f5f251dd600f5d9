"""encrypt notes and outbox bodies and files; audit rows keep a note's hash only

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10 09:00:00.000000
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from models.crypto import ENCRYPTED_COLUMNS, decrypt, encrypt, fingerprint

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _column_type(kind: str) -> Any:
    """The stored type of an encrypted column: tokens as text, files as bytes."""
    return sa.LargeBinary() if kind == "bytes" else sa.Text()


def _seal_all(seal: bool) -> None:
    """Encrypt (or, going down, decrypt) every stored value of every encrypted column."""
    conn = op.get_bind()
    for table_name, key, column, kind in ENCRYPTED_COLUMNS:
        table = sa.table(
            table_name, sa.column(key, sa.Integer()), sa.column(column, _column_type(kind))
        )
        rows = conn.execute(
            sa.select(table.c[key], table.c[column]).where(table.c[column].is_not(None))
        ).all()
        for row_id, value in rows:
            raw = bytes(value) if kind == "bytes" else str(value).encode()
            done = encrypt(raw) if seal else decrypt(raw)
            new: Any = done if kind == "bytes" else done.decode()
            conn.execute(sa.update(table).where(table.c[key] == row_id).values({column: new}))


def _hash_audited_notes() -> None:
    """Replace the note text that corrections copied into the audit log by its fingerprint."""
    conn = op.get_bind()
    audit = sa.table(
        "audit_log", sa.column("id", sa.Integer()), sa.column("action", sa.String()),
        sa.column("details", sa.JSON()),
    )  # fmt: skip
    rows = conn.execute(
        sa.select(audit.c.id, audit.c.details).where(
            audit.c.action.in_(["record.edit", "record.delete"])
        )
    ).all()
    for row_id, details in rows:
        changed = False
        for side in ("before", "after"):
            values = (details or {}).get(side)
            if isinstance(values, dict) and isinstance(values.get("note"), str):
                values["note"] = fingerprint(values["note"])
                changed = True
        if changed:
            conn.execute(sa.update(audit).where(audit.c.id == row_id).values(details=details))


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column(
            "body",
            existing_type=sa.JSON(),
            type_=sa.Text(),
            existing_nullable=False,
            postgresql_using="body::text",
        )
    _seal_all(seal=True)
    _hash_audited_notes()


def downgrade() -> None:
    """Revert this revision (audited notes stay hashed: their text is gone for good)."""
    _seal_all(seal=False)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column(
            "body",
            existing_type=sa.Text(),
            type_=sa.JSON(),
            existing_nullable=False,
            postgresql_using="body::json",
        )
