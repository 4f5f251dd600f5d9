"""Drawing the digests in spawned processes, one college at a time, as soon as each is drawn.

1. Every college's drawing (its chart once per language, its workbook and text once per
   language and audience) is handed to the drawing processes at once: one process per core
   but one, so that the chat keeps a core, and at least one.
2. Each college's digests are given to the caller as soon as that college is drawn, in the
   order the drawings finish, so that sending the first can start while the rest are drawn.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, partial
from typing import TYPE_CHECKING

from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import Translate
from models.health import staff_names, undated_counselors
from reports.digest_data import CollegeDigest, Week, gather, readers
from reports.digest_text import (
    RENDERS,
    RenderedDigest,
    calendar_warning,
    draw_rendered,
    start_date_gap,
    university_warning,
)

if TYPE_CHECKING:
    from policy.service import PolicyService

# One college's digest as drawn for a reader: (language, with the names of its students).
Audience = tuple[str, bool]
Drawn = dict[Audience, RenderedDigest]
Draw = Callable[[CollegeDigest, Sequence[Audience], Callable[[str], Translate]], Awaitable[Drawn]]


def drawing_workers() -> int:
    """Every core but one, and at least one: the chat keeps a core while digests are drawn."""
    return max(1, (os.cpu_count() or 1) - 1)


@cache
def _drawing_processes() -> ProcessPoolExecutor:
    """The processes that draw digests, started on first use and kept.

    Processes rather than threads: openpyxl (pure Python) holds the GIL for all of a
    workbook and Pillow for the chart's drawing (not its PNG encoding), so in a thread they
    would slow every chat answer down. Spawned, not forked:
    the bot's threads (database, HTTP) hold locks.
    """
    return ProcessPoolExecutor(
        max_workers=drawing_workers(), mp_context=multiprocessing.get_context("spawn")
    )


async def render_off_loop(
    digest: CollegeDigest, t: Translate, *, with_names: bool, png: bytes | None = None
) -> RenderedDigest:
    """One digest drawn in a drawing process, so the chat stays answered meanwhile."""
    _count(digest, charts=0 if png is not None else 1, workbooks=1)
    work = partial(draw_rendered, digest, t, with_names=with_names, png=png)
    return await asyncio.get_running_loop().run_in_executor(_drawing_processes(), work)


def _draw_college(
    digest: CollegeDigest, wanted: Sequence[tuple[Translate, str, bool]]
) -> list[RenderedDigest]:
    """In a drawing process: a college's digest for each audience, each chart drawn once."""
    charts: dict[str, bytes] = {}
    drawn = []
    for t, language, with_names in wanted:
        out = draw_rendered(digest, t, with_names=with_names, png=charts.get(language))
        charts[language] = out.png
        drawn.append(out)
    return drawn


async def draw_college(
    digest: CollegeDigest, audiences: Sequence[Audience], translator: Callable[[str], Translate]
) -> Drawn:
    """A college's digest for each audience, drawn in one of the drawing processes."""
    _count(digest, charts=len({lang for lang, _ in audiences}), workbooks=len(audiences))
    wanted = [(translator(lang), lang, names) for lang, names in audiences]
    work = partial(_draw_college, digest, wanted)
    drawn = await asyncio.get_running_loop().run_in_executor(_drawing_processes(), work)
    return dict(zip(audiences, drawn, strict=True))


def _count(digest: CollegeDigest, *, charts: int, workbooks: int) -> None:
    RENDERS[("chart", digest.college_id)] += charts
    RENDERS[("workbook", digest.college_id)] += workbooks


@dataclass(frozen=True)
class DigestForRecipient:
    """One college's digest for one reader, as the scheduler's outbox sends it."""

    staff_id: int
    college_id: int
    week_start: date
    parts: tuple[str, ...]
    caption: str
    png: bytes
    xlsx: bytes
    filename: str


async def digests_by_college(
    session: AsyncSession,
    svc: PolicyService,
    *,
    now: datetime,
    translator: Callable[[str], Translate],
    week: Week | None = None,
    draw: Draw = draw_college,
) -> AsyncIterator[list[DigestForRecipient]]:
    """Each college's digests for all their readers, a college at a time as it is drawn.

    The week is the last full one before `now` unless given, so a run that catches up on
    Wednesday still reports the week that ended on Sunday. Each college is drawn once per
    language and audience (leaders see names, admins do not), however many leaders read it;
    the same bytes then go to each of them. Admins are warned (calendar, university
    conditions, counselors without a start date) once, under the first college's digest they get.
    """
    week = week or Week.containing(svc.today(now)).previous
    digests = {d.college_id: d for d in await gather(session, svc, now=now, week=week)}
    today = svc.today(now)
    university = await svc.university_conditions(session, now=now)
    flagged = await staff_names(session, ids={c.staff_id for c in university if c.staff_id})
    undated = await undated_counselors(session)
    people = await readers(session)
    wanted: dict[int, list[tuple[int, Audience, bool]]] = {}
    for reader in people:
        assert reader.id is not None
        for college_id in digests:
            own = reader.is_leader and reader.college_id == college_id
            if own or reader.is_admin:
                audience = (reader.language, own)
                wanted.setdefault(college_id, []).append((reader.id, audience, reader.is_admin))
    drawings = [
        asyncio.ensure_future(_drawn(cid, draw(digests[cid], _unique(w), translator)))
        for cid, w in wanted.items()
    ]
    warned: set[int] = set()
    try:
        for next_drawn in asyncio.as_completed(drawings):
            college_id, drawn = await next_drawn
            due = []
            for staff_id, audience, is_admin in wanted[college_id]:
                out = drawn[audience]
                parts = out.parts
                if is_admin and staff_id not in warned:
                    warned.add(staff_id)
                    t = translator(audience[0])
                    warnings = (
                        university_warning(university, t, flagged),
                        start_date_gap(undated, t),
                        calendar_warning(svc, today, t),
                    )
                    parts = (*parts, *(w for w in warnings if w))
                due.append(
                    DigestForRecipient(staff_id=staff_id, college_id=college_id,
                                       week_start=week.start, parts=parts, caption=out.caption,
                                       png=out.png, xlsx=out.xlsx, filename=out.filename)
                )  # fmt: skip
            yield due
    finally:
        for drawing in drawings:  # a caller that stops early leaves nothing running
            drawing.cancel()


async def _drawn(college_id: int, drawing: Awaitable[Drawn]) -> tuple[int, Drawn]:
    return college_id, await drawing


def _unique(wanted: list[tuple[int, Audience, bool]]) -> list[Audience]:
    """The audiences a college is drawn for, each once, in the order readers first want them."""
    return list(dict.fromkeys(audience for _staff, audience, _admin in wanted))


async def build_digests(
    session: AsyncSession,
    svc: PolicyService,
    *,
    now: datetime,
    translator: Callable[[str], Translate],
    week: Week | None = None,
) -> list[DigestForRecipient]:
    """Every digest due: each college to its registered leaders, every college to admins."""
    found = digests_by_college(session, svc, now=now, translator=translator, week=week)
    return [d async for college in found for d in college]
