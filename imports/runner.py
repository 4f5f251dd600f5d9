"""Lists sent as files: recognise the kind by its header row, check every row, apply all or none.

Each kind of list (roster, academic warnings, key concerns, class indicators, fitness-test
turnout, assessment scores) lives in its own module and describes itself with a `ListKind`;
this module runs any of them, from the CLI and from the chat alike.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import Translate
from imports.errors import RowError, TableError
from imports.tables import Table, read_table_soon
from models.audit import audit
from models.org import Staff

# Formats people save by habit that we cannot read: they get a "save as .xlsx" hint.
OLD_FORMATS = (".xls", ".et", ".numbers", ".ods")


@dataclass(frozen=True)
class Request:
    """Who sends the list, when, and for which academic year (the assessment needs one)."""

    actor: Staff | None
    now: datetime
    year: str | None = None


@dataclass(frozen=True)
class Notice:
    """Someone to tell about an import: which of their students it concerns, and as what."""

    staff: Staff
    role: str
    lines: list[str]


@dataclass
class Outcome:
    """What applying a list changed (or, dry, would change), and whom to tell."""

    counts: dict[str, Any]
    notices: list[Notice] = field(default_factory=list)
    # Colleges whose assessment results the import changed: they are graded again.
    colleges: set[int] = field(default_factory=set)
    # Stored facts the list changes, a line each in the preview (a start date: 任职起始日期).
    changes: list[RowError] = field(default_factory=list)


Check = Callable[[AsyncSession, Table, Request], Awaitable[tuple[Any, list[RowError]]]]
Apply = Callable[[AsyncSession, Any, Request], Awaitable[Outcome]]


def admins(staff: Staff) -> bool:
    """Most lists come from the college's administrators only."""
    return staff.is_admin


@dataclass(frozen=True)
class ListKind:
    """One kind of list: its columns, an example row, who may send it, and how it is applied."""

    code: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    example: tuple[str, ...]
    check: Check
    apply: Apply
    allowed: Callable[[Staff], bool] = admins
    # The columns that tell this list apart, when a file missing some required ones should
    # still be recognised (and told which are missing); the required ones otherwise.
    marks: tuple[str, ...] = ()
    needs_year: bool = False
    # The audit action's prefix, when several kinds are one list to the people who send it.
    family: str = ""

    @property
    def header(self) -> tuple[str, ...]:
        """The template's header row."""
        return self.required + self.optional


@dataclass
class ListResult:
    """The outcome of one file: its kind, and errors (nothing written) or what changed."""

    kind: ListKind
    errors: list[RowError] = field(default_factory=list)
    outcome: Outcome | None = None
    refused: bool = False
    needs_year: bool = False
    applied: bool = False

    def summary(self, t: Translate) -> str:
        """What the import changes (or changed), then each stored date it changes, by row."""
        assert self.outcome is not None
        lines = [t(f"import-summary-{self.kind.code}", **self.outcome.counts)]
        return "\n".join(lines + [c.render(t) for c in self.outcome.changes])


After = Callable[[AsyncSession, ListResult], Awaitable[None]]


class Unrecognised(TableError):
    """A header that fits no list: the message names every list it could have been."""

    def __init__(self, kinds: Sequence[ListKind]) -> None:
        super().__init__("unrecognised")
        self.kinds = kinds

    def render(self, t: Translate) -> str:
        """Why, and the required columns of each list."""
        lines = [t("import-table-unrecognised")]
        lines += [
            t("import-table-unrecognised-kind", kind=t(f"import-kind-{k.code}"),
              columns="、".join(k.required))
            for k in self.kinds
        ]  # fmt: skip
        lines.append(t("import-table-unrecognised-template"))
        return "\n".join(lines)


def recognise(header: Sequence[str], kinds: Iterable[ListKind]) -> ListKind | None:
    """The kind whose marking columns the header has; the most specific when several do."""
    present = set(header)
    fitting = [k for k in kinds if set(k.marks or k.required) <= present]
    return max(fitting, key=lambda k: len(k.marks or k.required), default=None)


def missing_columns(kind: ListKind, table: Table) -> list[RowError]:
    """One header error naming the required columns the file lacks."""
    missing = [c for c in kind.required if c not in table.header]
    if not missing:
        return []
    args = {"missing": "、".join(missing), "header": "，".join(kind.header)}
    return [RowError(1, "", "missing-columns", args)]


async def import_list(
    session: AsyncSession,
    kinds: Sequence[ListKind],
    content: bytes,
    filename: str,
    request: Request,
    *,
    dry_run: bool,
    after: After | None = None,
) -> ListResult:
    """Read, recognise, check every row, then apply all of it in one transaction (dry: none).

    `after` runs in the same transaction once a real import is applied (the assessment
    regrades its colleges there), so a failure leaves nothing half written.
    """
    if filename.lower().endswith(OLD_FORMATS):
        raise TableError("old-format")
    table = await read_table_soon(content, filename)
    kind = recognise(table.header, kinds)
    if kind is None:
        raise Unrecognised(kinds)
    actor = request.actor
    if actor is not None and not kind.allowed(actor):
        return ListResult(kind, refused=True)
    if kind.needs_year and request.year is None:
        return ListResult(kind, needs_year=True)
    errors = missing_columns(kind, table)
    if errors:
        return ListResult(kind, errors=errors)
    payload, errors = await kind.check(session, table, request)
    if not errors and not table.rows:
        errors = [RowError(2, kind.required[0], "no-rows")]
    if errors:
        return ListResult(kind, errors=sorted(errors, key=lambda e: e.row))
    outcome = await kind.apply(session, payload, request)
    if dry_run:
        await session.rollback()
        return ListResult(kind, outcome=outcome)
    result = ListResult(kind, outcome=outcome, applied=True)
    if after is not None:
        await after(session, result)
    audit(
        session,
        actor_id=actor.id if actor else None,
        action=f"{kind.family or kind.code}.import",
        target=filename[:100],
        rows=len(table.rows),
        **{k: v for k, v in outcome.counts.items() if isinstance(v, int)},
    )
    await session.commit()
    return result
