"""The college overview page, its JSON, the weekly trend and the digest workbook."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from aiohttp import web

from bot.web.college import overview, read_audit, readable_college, trend_points, with_names
from bot.web.pages import e, is_reader, not_found, page, section, table
from bot.web.server import console_of, db, person, tr
from i18n import Translate
from models.org import College, Staff
from reports import svg
from reports.digest_data import StatusTally, Week, gather
from reports.workbook import render_workbook


async def _reader_and_college(request: web.Request) -> tuple[Staff, College] | None:
    """The signed-in leader or admin and the college they asked for and may read."""
    staff = person(request)
    if staff is None or not is_reader(staff):
        return None
    college = await readable_college(db(request), staff, request.query.get("college"))
    return (staff, college) if college is not None else None


def _tally(data: dict[str, Any]) -> StatusTally:
    return StatusTally(**{k: data[k] for k in ("met", "on_track", "at_risk", "behind", "missed")})


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _change(now: float | None, before: float | None, t: Translate) -> str:
    if now is None or before is None:
        return ""
    return t("web-change", delta=f"{(now - before) * 100:+.0f}")


async def college_json(request: web.Request) -> web.StreamResponse:
    """GET /app/api/college: the overview's data."""
    found = await _reader_and_college(request)
    if found is None:
        return web.json_response({"error": "not_found"}, status=404)
    staff, college = found
    data = await overview(
        console_of(request), db(request), staff, college, request.query, tr(request)
    )
    read_audit(request, staff, "college.read", f"college:{college.id}", period=data["period"])
    await db(request).commit()
    return web.json_response(data)


def _choices(t: Translate, data: dict[str, Any]) -> str:
    """The period tabs and the filters, as links and a GET form."""
    base = {"college": str(data["college"]["id"]), **data["filters"]}
    tabs = "".join(
        f'<a class="{"on" if k == data["period"] else ""}" '
        f'href="/app/college?{e(urlencode({**base, "period": k}))}">{e(t(f"web-period-{k}"))}</a>'
        for k in ("week", "month", "term", "year")
    )

    def select(name: str, options: list[tuple[str, str]]) -> str:
        chosen = data["filters"][name]
        items = "".join(
            f'<option value="{e(v)}"{" selected" if v == chosen else ""}>{e(label)}</option>'
            for v, label in [("", t(f"web-filter-all-{name}")), *options]
        )
        return f'<select name="{name}" aria-label="{e(t(f"web-filter-{name}"))}">{items}</select>'

    colleges = ""
    if data["colleges"]:
        options = "".join(
            f'<option value="{c["id"]}"{" selected" if c["id"] == data["college"]["id"] else ""}>'
            f"{e(c['name'])}</option>"
            for c in data["colleges"]
        )
        colleges = f'<select name="college">{options}</select>'
    else:
        colleges = f'<input type="hidden" name="college" value="{data["college"]["id"]}">'
    filters = (
        f'<form method="get" action="/app/college" class="filters">{colleges}'
        f'<input type="hidden" name="period" value="{e(data["period"])}">'
        + select("grade", [(str(g), t("web-grade", grade=g)) for g in data["grades"]])
        + select("class", [(str(c["id"]), c["name"]) for c in data["classes"]])
        + select("role", [(r, t(f"role-{r}")) for r in data["roles"]])
        + f'<button type="submit">{e(t("web-filter-apply"))}</button></form>'
    )
    return f'<div class="tabs">{tabs}</div>{filters}'


def render_overview(request: web.Request, data: dict[str, Any]) -> web.Response:
    """The overview as HTML: headline, charts, people, rules, and the digest's sections."""
    t = tr(request)
    cid = data["college"]["id"]
    total, before = data["total"], data["total_before"]
    head = t("web-compliance-line", rate=_pct(total["compliance"]), total=total["total"],
             change=_change(total["compliance"], before["compliance"], t))  # fmt: skip
    people = [(p["name"], _tally(p["now"])) for p in data["people"]]
    rules = [(r["id"], _tally(r["tally"])) for r in data["rules"]]
    heat = svg.heat_map(t, t("web-heat-title"), [(p["name"], p["cells"]) for p in data["people"]],
                        [r["id"] for r in data["rules"]])  # fmt: skip
    rows = [
        [f'<a href="/app/person/{p["id"]}?college={cid}">{e(p["name"])}</a>',
         e("、".join(t(f"role-{r}") for r in p["roles"])), _pct(p["now"]["compliance"]),
         e(_change(p["now"]["compliance"], p["before"]["compliance"], t)),
         str(p["now"]["behind"] + p["now"]["missed"])]
        for p in data["people"]
    ]  # fmt: skip
    crises = [[e(c["day"]), e(c["place"] or t("digest-crisis-no-place")), e(c["staff"])]
              for c in data["crises"]]  # fmt: skip
    coverage = [
        [e(c["name"]), e(t(f"rule-{c['rule']}")), f"{c['done']}/{c['target']}",
         e("、".join(c["missing"][:10]))]
        for c in data["coverage"] if c["late"] or c["done"] < c["target"]
    ]  # fmt: skip
    parts = [
        _choices(t, data),
        f'<p class="headline" id="headline">{e(head)}</p>',
        section(t("web-by-person"), svg.status_bars(t, t("web-by-person"), people)),
        section(t("web-by-rule"), svg.status_bars(t, t("web-by-rule"), rules)),
        section(t("web-heat-title"), f'<div class="scroll">{heat}</div>'),
        section(
            t("web-trend-title"),
            f'<img class="chart" alt="{e(t("web-trend-title"))}" '
            f'src="/app/college/trend.svg?college={cid}">',
        ),
        section(
            t("web-people"),
            table(
                [
                    t("web-col-name"),
                    t("web-col-roles"),
                    t("web-col-rate"),
                    t("web-col-change"),
                    t("web-col-late"),
                ],
                rows,
                "people",
            ),
        ),
        section(
            t("web-crises", count=len(crises)),
            table([t("web-col-day"), t("web-col-place"), t("web-col-staff")], crises)
            if crises
            else e(t("digest-crises-none")),
        ),
        section(
            t("web-conditions"),
            "".join(f"<p>{c}</p>" for c in data["conditions"]) or e(t("digest-conditions-ok")),
        ),
        section(
            t("web-coverage"),
            table(
                [t("web-col-name"), t("web-col-rule"), t("web-col-done"), t("web-col-missing")],
                coverage,
            ),
        ),
        section(t("web-unreachable"), e("、".join(data["unreachable"]) or t("web-none"))),
        f'<p><a class="download" href="/app/college/digest.xlsx?college={cid}">'
        f"{e(t('web-download'))}</a></p>",
    ]
    return page(request, data["college"]["name"], *parts)


async def college_page(request: web.Request) -> web.StreamResponse:
    """GET /app/college: the overview page."""
    found = await _reader_and_college(request)
    if found is None:
        return not_found(request)
    staff, college = found
    data = await overview(
        console_of(request), db(request), staff, college, request.query, tr(request)
    )
    read_audit(request, staff, "college.read", f"college:{college.id}", period=data["period"])
    await db(request).commit()
    return render_overview(request, data)


async def trend_svg(request: web.Request) -> web.StreamResponse:
    """GET /app/college/trend.svg: compliance per week over the term."""
    found = await _reader_and_college(request)
    if found is None:
        return not_found(request)
    points = await trend_points(console_of(request), db(request), found[1])
    body = svg.trend(tr(request)("web-trend-title"), points)
    return web.Response(text=body, content_type="image/svg+xml")


async def workbook(request: web.Request) -> web.StreamResponse:
    """GET /app/college/digest.xlsx: the digest workbook of this week, as the chat sends it."""
    found = await _reader_and_college(request)
    if found is None:
        return not_found(request)
    staff, college = found
    assert college.id is not None
    console, t = console_of(request), tr(request)
    now = console.policy.instant(console.svc.now())
    week = Week.containing(console.policy.today(now))
    (digest,) = await gather(
        db(request), console.policy, now=now, week=week, college_ids=[college.id]
    )
    names = with_names(staff, college)
    content = render_workbook(digest, t, with_names=names)
    read_audit(request, staff, "digest.read", f"college:{college.id}", week=week.start.isoformat(),
               names=names)  # fmt: skip
    await db(request).commit()
    name = f"{t('digest-filename', college=college.name, start=week.start.isoformat())}.xlsx"
    return web.Response(
        body=content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


async def font(request: web.Request) -> web.StreamResponse:
    """Noto Sans SC (shipped for the charts): Chinese shows even where no CJK font is installed."""
    import pylopdf_fonts_zh_cn

    path = pylopdf_fonts_zh_cn.sans_path()
    return web.FileResponse(path, headers={"Cache-Control": "max-age=86400"})
