"""What the jobs decide reaches WeCom members: crisis alerts as cards, the digest with files."""

from __future__ import annotations

from datetime import date

from models.db import Database
from models.outbox import OutboxMessage
from scheduler.runner import run_job
from tests.e2e.conftest import World
from tests.factories import make_record
from tests.scheduler.conftest import shanghai
from tests.wecom.conftest import WeComApp
from tests.wecom.member import Member

NOTE = "学生深夜情绪崩溃，已陪同就医"


async def _crisis(db: Database, world: World) -> None:
    async with db.session() as session:
        await make_record(
            session, world.counselor, "talk", date(2026, 11, 19), world.students[0],
            subtype="crisis", crisis=True, note=NOTE, created_at=shanghai("2026-11-19 21:10"),
        )  # fmt: skip
        await session.commit()


async def test_a_crisis_alert_is_a_card_whose_acknowledgement_tells_the_counselor(
    wecom: WeComApp, world: World, db: Database
) -> None:
    counselor, leader = Member(wecom.emu, "T1001"), Member(wecom.emu, "L001")
    await counselor.join()
    await leader.join()
    await _crisis(db, world)
    await run_job(wecom.app, "crisis_watch", shanghai("2026-11-19 21:11"))
    alert = leader.last_card()
    shown = str(alert)
    assert "危机预警" in shown and "王小明" in shown and NOTE not in shown
    before = len(wecom.emu.sent_to("T1001"))
    await leader.tap("已知悉", alert)
    told = await wecom.emu.wait_for("T1001", lambda e: e["msgtype"] == "text", since=before)
    assert "王书记" in told["text"]["content"]


async def test_the_digest_arrives_as_text_an_image_and_a_workbook_once(
    wecom: WeComApp, world: World, db: Database
) -> None:
    leader = Member(wecom.emu, "L001")
    await leader.join()
    before = len(wecom.emu.sent_to("L001"))
    assert await run_job(wecom.app, "digest", shanghai("2026-11-23 08:00")) == 1
    got = wecom.emu.sent_to("L001")[before:]
    kinds = [e["msgtype"] for e in got]
    assert "text" in kinds and "image" in kinds and "file" in kinds
    [workbook] = [e for e in got if e["msgtype"] == "file"]
    assert workbook["media"]["filename"].endswith(".xlsx")
    assert workbook["media"]["bytes"][:2] == b"PK"  # a real .xlsx (a zip)
    assert await run_job(wecom.app, "digest", shanghai("2026-11-24 08:00")) == 0
    assert len(wecom.emu.sent_to("L001")) == before + len(got)
    async with db.session() as session:
        from sqlmodel import select

        rows = (await session.exec(select(OutboxMessage))).all()
    assert rows and all(r.sent_at is not None for r in rows if r.rule == "digest")


async def test_a_member_who_left_the_app_is_marked_unreachable(
    wecom: WeComApp, world: World, db: Database
) -> None:
    leader = Member(wecom.emu, "L001")
    await leader.join()
    wecom.emu.remove_member("L001")  # left the company, or the app's visible range
    await run_job(wecom.app, "digest", shanghai("2026-11-23 08:00"))
    async with db.session() as session:
        from models.org import Staff

        staff = await session.get(Staff, world.leader.id)
    assert staff is not None and staff.unreachable
