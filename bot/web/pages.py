"""HTML for the console: one layout, escaped text, forms that carry the CSRF token."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from aiohttp import web

from bot.web.server import csrf_of, person, tr
from models.org import Staff


def e(value: object) -> str:
    """Text made safe for HTML, quotes too."""
    return escape(str(value), quote=True)


def is_reader(staff: Staff) -> bool:
    """Leaders and admins read a college's overview."""
    return staff.is_leader or staff.is_admin


def has_own_quotas(staff: Staff) -> bool:
    """Counselors and head teachers have a page of their own progress."""
    return staff.is_counselor or staff.is_head_teacher


def form(request: web.Request, action: str, inner: str, *, multipart: bool = False) -> str:
    """A POST form to the console, with the CSRF token."""
    enctype = ' enctype="multipart/form-data"' if multipart else ""
    return (
        f'<form method="post" action="{e(action)}"{enctype}>'
        f'<input type="hidden" name="csrf" value="{e(csrf_of(request))}">{inner}</form>'
    )


def button(label: str, name: str = "", value: str = "", kind: str = "") -> str:
    """A submit button; `kind` is a class (danger, quiet)."""
    named = f' name="{e(name)}" value="{e(value)}"' if name else ""
    return f'<button type="submit" class="{e(kind)}"{named}>{e(label)}</button>'


def _nav(request: web.Request) -> str:
    staff = person(request)
    if staff is None:
        return ""
    t = tr(request)
    links = []
    if is_reader(staff):
        links.append(("/app/college", t("web-nav-college")))
    if has_own_quotas(staff):
        links.append(("/app/me", t("web-nav-me")))
    if staff.is_admin:
        links += [
            ("/app/admin/upload", t("web-nav-upload")),
            ("/app/admin/staff", t("web-nav-staff")),
            ("/app/admin/invites", t("web-nav-invites")),
        ]
    items = "".join(f'<a href="{href}">{e(label)}</a>' for href, label in links)
    out = form(request, "/app/signout", button(t("web-sign-out"), kind="quiet"))
    who = f'<span class="who">{e(staff.name)}</span>'
    return f"<nav>{items}{who}{out}</nav>"


def page(
    request: web.Request, title: str, *parts: str, status: int = 200, head: str = ""
) -> web.Response:
    """A whole page in the reader's language, with the navigation of their roles."""
    t = tr(request)
    lang = "en" if t("web-lang") == "en" else "zh-CN"
    body = "".join(parts)
    html = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">{head}'
        f'<meta name="csrf" content="{e(csrf_of(request))}">'
        f"<title>{e(title)} · {e(t('web-title'))}</title>"
        '<link rel="stylesheet" href="/app/static/console.css">'
        '<script src="/app/static/console.js" defer></script></head>'
        f"<body>{_nav(request)}<main><h1>{e(title)}</h1>{body}</main></body></html>"
    )
    return web.Response(text=html, content_type="text/html", status=status)


def see_other(location: str) -> web.Response:
    """A redirect after a POST or to a person's home page."""
    return web.Response(status=303, headers={"Location": location})


def not_found(request: web.Request) -> web.Response:
    """Unknown and not-yours read the same."""
    t = tr(request)
    return page(request, t("web-not-found-title"), f"<p>{e(t('web-not-found'))}</p>", status=404)


def table(header: Iterable[str], rows: Iterable[Iterable[str]], css: str = "") -> str:
    """A table of already-escaped cells."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def section(title: str, *parts: str, css: str = "") -> str:
    """A titled card."""
    return f'<section class="{css}"><h2>{e(title)}</h2>{"".join(parts)}</section>'


def progress(done: float, target: float) -> str:
    """A progress bar without inline style (the CSP forbids it)."""
    top = max(target, 0.0001)
    return f'<progress value="{min(done, top):g}" max="{top:g}"></progress>'
