"""Every route of the console, under /app."""

from __future__ import annotations

from aiohttp import web

from bot.web import admin, people, signin, views, wecom


def add_routes(app: web.Application) -> None:
    """Register the pages, the JSON endpoints and the sign-in and admin actions."""
    r = app.router
    r.add_get("/app", signin.home)
    r.add_get("/app/", signin.home)
    r.add_post("/app/auth/telegram", signin.telegram)
    r.add_get("/app/signin", signin.link_page)
    r.add_post("/app/auth/link", signin.link)
    r.add_post("/app/signout", signin.sign_out)
    r.add_get("/app/wecom", wecom.start)
    r.add_get("/app/auth/wecom", wecom.back)
    r.add_get("/app/college", views.college_page)
    r.add_get("/app/api/college", views.college_json)
    r.add_get("/app/college/trend.svg", views.trend_svg)
    r.add_get("/app/college/digest.xlsx", views.workbook)
    r.add_get("/app/person/{staff_id}", people.person_page)
    r.add_get("/app/api/person/{staff_id}", people.person_page)
    r.add_get("/app/me", people.me_page)
    r.add_get("/app/api/me", people.me_page)
    r.add_get("/app/admin/upload", admin.upload_page)
    r.add_post("/app/admin/upload", admin.upload)
    r.add_post("/app/admin/upload/decide", admin.decide)
    r.add_get("/app/admin/staff", admin.staff_page)
    r.add_post("/app/admin/staff/{staff_id}", admin.offboard)
    r.add_get("/app/font.otf", views.font)
    r.add_get("/app/admin/invites", admin.invites_page)
    r.add_post("/app/admin/invites", admin.invite)
