"""`fudao wecom menu`: the menu WeCom accepts, each click a command fudao reads."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from bot.wecom.menu import create_menu, menu
from bot.wecom_emulator import WeComEmulator
from tests.wecom.conftest import wecom_settings


async def test_it_creates_the_menu_and_its_console_link_signs_in_through_wecom(
    wecom_emu: WeComEmulator, database_url: str, tmp_path: Path
) -> None:
    settings = wecom_settings(wecom_emu, database_url, tmp_path).model_copy(
        update={"web_url": "https://fudao.example.edu.cn"}
    )
    assert await create_menu(settings) == 0
    shown = menu(settings)
    top = [b["name"] for b in shown["button"]]
    assert top == ["记录工作", "我的进度", "更多"]
    [console] = [b for b in shown["button"][2]["sub_button"] if b["type"] == "view"]
    assert console["url"] == "https://fudao.example.edu.cn/app/wecom"
    assert "/me" in str(wecom_emu.state.menu)  # WeCom holds the menu it was given
    bad = wecom_settings(wecom_emu, database_url, tmp_path).model_copy(
        update={"wecom_secret": SecretStr("wrong")}
    )
    assert await create_menu(bad) == 1
