"""The digest's figures match what a person counts by hand from the seeded records."""

from __future__ import annotations

from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from policy.service import PolicyService
from reports.digest_data import CollegeDigest, ConditionIssue, Crisis, StatusTally, Week, gather
from tests.reports.conftest import NOW, WEEK, College


async def digest_of(session: AsyncSession, policy: PolicyService, c: College) -> CollegeDigest:
    assert c.zhang.college_id is not None
    (found,) = await gather(session, policy, now=NOW, week=WEEK, college_ids=[c.zhang.college_id])
    return found


class TestCompliance:
    async def test_it_counts_each_persons_statuses_this_week(
        self, session: AsyncSession, policy: PolicyService, college: College
    ) -> None:
        digest = await digest_of(session, policy, college)
        lines = {line.name: line.now for line in digest.staff}
        # 张老师: C09 and C15 met; C17 (2/4, ⌊1.005⌋ = 1) and C18 (1/2, ⌊0.90⌋ = 0) on track.
        assert lines["张老师"] == StatusTally(met=2, on_track=2)
        # 大班老师: no 巡堂 (behind), C15 0/2 on pace, C17 0/201 below ⌊50.5⌋ (behind);
        # no key-concern students, so C18 does not apply.
        assert lines["大班老师"] == StatusTally(on_track=1, behind=2)
        # 刘老师: H07 met by the 11-13 visit, H04 1/2 on pace (⌊1.02⌋ = 1).
        assert lines["刘老师"] == StatusTally(met=1, on_track=1)
        # The leader holds no rule of this policy, so has no line.
        assert set(lines) == {"张老师", "大班老师", "刘老师"}
        assert digest.total_now == StatusTally(met=3, on_track=4, behind=2)
        assert digest.total_now.total == 9

    async def test_it_counts_the_statuses_as_they_stood_a_week_earlier(
        self, session: AsyncSession, policy: PolicyService, college: College
    ) -> None:
        digest = await digest_of(session, policy, college)
        lines = {line.name: line.before for line in digest.staff}
        # 张老师 on 11-08: no 巡堂 that week (behind); one dorm visit of two, C17 2/4 and
        # C18 0/2 all on pace (⌊0.48⌋, ⌊0.90⌋, ⌊0.74⌋ = 0).
        assert lines["张老师"] == StatusTally(on_track=3, behind=1)
        assert lines["大班老师"] == StatusTally(on_track=1, behind=2)
        # 刘老师 on 11-08: H04 0/2 (⌊0.91⌋ = 0) and H07 0/1 (⌊0.24⌋ = 0) on pace.
        assert lines["刘老师"] == StatusTally(on_track=2)
        assert digest.total_before == StatusTally(on_track=6, behind=3)

    async def test_it_lists_every_quota_as_a_workbook_row(
        self, session: AsyncSession, policy: PolicyService, college: College
    ) -> None:
        digest = await digest_of(session, policy, college)
        assert len(digest.rows) == 9
        (c15,) = [r for r in digest.rows if r.rule_id == "C15" and r.staff_name == "张老师"]
        assert (c15.period_kind, c15.period_start, c15.period_end) == (
            "month", date(2026, 11, 1), date(2026, 11, 30),
        )  # fmt: skip
        assert (c15.target, c15.done, c15.remaining, c15.status) == (2, 2, 0, "met")
        assert c15.days_left == 16


class TestCoverage:
    async def test_it_counts_students_reached_and_names_those_missing(
        self, session: AsyncSession, policy: PolicyService, college: College
    ) -> None:
        digest = await digest_of(session, policy, college)
        found = {(c.name, c.rule_id): c for c in digest.coverage}
        assert set(found) == {("张老师", "C17"), ("张老师", "C18"), ("大班老师", "C17"),
                              ("刘老师", "H04")}  # fmt: skip
        c17, c18, h04 = found["张老师", "C17"], found["张老师", "C18"], found["刘老师", "H04"]
        assert (c17.done, c17.target, [s.name for s in c17.missing]) == (2, 4, ["王三", "王四"])
        assert (c18.done, c18.target, [s.name for s in c18.missing]) == (1, 2, ["王三"])
        assert (h04.done, h04.target, [s.name for s in h04.missing]) == (1, 2, ["王一"])
        assert h04.missing[0].class_name == "机械2401班"
        big = found["大班老师", "C17"]
        assert (big.done, big.target, len(big.missing)) == (0, 201, 201)


class TestConditionsCrisesAndRegistration:
    async def test_it_reports_the_failing_standing_conditions(
        self, session: AsyncSession, policy: PolicyService, college: College
    ) -> None:
        digest = await digest_of(session, policy, college)
        cid = college.zhang.college_id
        assert digest.conditions == (
            ConditionIssue("S01", "机械2402班", value=0, limit=1, college_id=cid),
            ConditionIssue("S02", "大班老师", value=201, limit=200, college_id=cid, info=True),
        )

    async def test_it_lists_the_weeks_crises_without_their_notes(
        self, session: AsyncSession, policy: PolicyService, college: College
    ) -> None:
        digest = await digest_of(session, policy, college)
        # Not last week's, not the deleted one, not Monday's, not another college's.
        assert digest.crises == (
            Crisis(date(2026, 11, 11), "张老师", "机械2401班", None),
            Crisis(date(2026, 11, 13), "刘老师", None, "8号楼 105"),
        )

    async def test_it_names_who_has_not_registered_or_cannot_be_reached(
        self, session: AsyncSession, policy: PolicyService, college: College
    ) -> None:
        digest = await digest_of(session, policy, college)
        assert digest.unregistered == ("大班老师",)
        assert digest.unreachable == ("刘老师",)


class TestTheWeekInProgress:
    async def test_it_evaluates_the_current_week_as_of_now(
        self, session: AsyncSession, policy: PolicyService, college: College
    ) -> None:
        assert college.zhang.college_id is not None
        (digest,) = await gather(session, policy, now=NOW, week=Week.containing(NOW.date()),
                                 college_ids=[college.zhang.college_id])  # fmt: skip
        assert digest.as_of == NOW
        # Monday 11-16's crisis belongs to this week.
        assert [c.day for c in digest.crises] == [date(2026, 11, 16)]

    async def test_it_gives_a_college_without_staff_an_empty_digest(
        self, session: AsyncSession, policy: PolicyService
    ) -> None:
        from tests.factories import make_college

        empty = await make_college(session, name="新设学院")
        assert empty.id is not None
        (digest,) = await gather(session, policy, now=NOW, week=WEEK, college_ids=[empty.id])
        assert digest.staff == () and digest.total_now == StatusTally() and digest.rows == ()
