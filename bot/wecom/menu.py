"""`fudao wecom menu`: the app's menu (创建菜单), each click the command it names."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

import httpx

from bot.config import Settings
from bot.wecom.api import WeComError, api_of
from i18n import translator


def menu(settings: Settings, language: str = "zh") -> dict[str, Any]:
    """记录工作 / 我的进度 / 更多 …; a click event's key is the command fudao reads."""
    t = translator(language)

    def click(key: str, command: str) -> dict[str, Any]:
        return {"type": "click", "name": t(f"wecom-menu-{key}"), "key": f"/{command}"}

    more = [
        click("todo", "todo"),
        click("history", "history"),
        click("rules", "rules"),
        click("help", "help"),
    ]
    if settings.web_url:
        # The console signs a WeCom member in through OAuth from this link.
        more.append({"type": "view", "name": t("wecom-menu-console"),
                     "url": settings.web_url.rstrip("/") + "/app/wecom"})  # fmt: skip
    return {
        "button": [
            click("log", "log"),
            click("me", "me"),
            {"name": t("wecom-menu-more"), "sub_button": more},
        ]
    }


def add_parser(sub: Any) -> None:
    """`fudao wecom menu`."""
    wecom = sub.add_parser("wecom", help="WeCom (企业微信) app: set its menu")
    wecom_sub = wecom.add_subparsers(dest="action", required=True)
    wecom_sub.add_parser("menu", help="create the app's menu (记录工作 / 我的进度 / 更多)")


async def create_menu(settings: Settings) -> int:
    """Create the menu through the API; 0 when WeCom took it."""
    api = api_of(settings)
    try:
        await api.create_menu(menu(settings))
    except WeComError as error:
        print(f"WeCom refused the menu: errcode {error.errcode} {error.errmsg}", file=sys.stderr)
        return 1
    except httpx.HTTPError as error:
        print(f"cannot reach {settings.wecom_api_url}: {type(error).__name__}", file=sys.stderr)
        return 1
    finally:
        await api.close()
    print("menu created: 记录工作 / 我的进度 / 更多")
    return 0


def cmd_wecom(settings: Settings, args: argparse.Namespace) -> int:
    """Run a `fudao wecom` action."""
    problem = settings.wecom_problem() if settings.wecom_enabled else "FUDAO_WECOM_CORP_ID is unset"
    if problem is not None:
        print(f"WeCom: {problem}", file=sys.stderr)
        return 2
    return asyncio.run(create_menu(settings))
