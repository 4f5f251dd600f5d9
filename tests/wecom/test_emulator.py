"""The WeCom emulator answers as WeCom's docs say: tokens, limits and errcodes, over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.wecom_emulator import WeComEmulator
from tests.wecom.emulator_kit import AGENT_ID, CORP_ID, SECRET, Client, button_card, make_emulator


@pytest.fixture
async def emu() -> AsyncIterator[WeComEmulator]:
    """A running emulator with two members."""
    emulator = make_emulator()
    emulator.add_member("zhangsan", "张老师")
    emulator.add_member("lisi", "李老师")
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def app(emu: WeComEmulator) -> AsyncIterator[Client]:
    """The app's client, holding a fresh token."""
    async with aiohttp.ClientSession() as http:
        client = Client(emu, http)
        await client.fetch_token()
        yield client


async def test_it_gives_one_token_per_lifetime_and_refuses_a_wrong_corp_or_secret(
    app: Client,
) -> None:
    first = await app.get("gettoken", corpid=CORP_ID, corpsecret=SECRET)
    again = await app.get("gettoken", corpid=CORP_ID, corpsecret=SECRET)
    assert first["access_token"] == again["access_token"] == app.token
    assert 0 < again["expires_in"] <= 7200
    assert (await app.get("gettoken", corpid="wwother", corpsecret=SECRET))["errcode"] == 40013
    assert (await app.get("gettoken", corpid=CORP_ID, corpsecret="wrong"))["errcode"] == 40001


async def test_it_answers_missing_unknown_and_expired_tokens_with_their_errcodes(
    app: Client, emu: WeComEmulator
) -> None:
    good = app.token
    app.token = ""
    assert (await app.text("zhangsan", "hi"))["errcode"] == 41001
    app.token = "not-a-token"
    assert (await app.text("zhangsan", "hi"))["errcode"] == 40014
    app.token = good
    emu.expire_tokens()
    assert (await app.text("zhangsan", "hi"))["errcode"] == 42001
    assert await app.fetch_token() != good
    assert (await app.text("zhangsan", "hi"))["errcode"] == 0
    emu.advance(7200)
    assert (await app.text("zhangsan", "hi"))["errcode"] == 42001
    assert emu.texts("zhangsan") == ["hi"]


async def test_it_refuses_a_text_over_2048_bytes_and_takes_one_of_2048(
    app: Client, emu: WeComEmulator
) -> None:
    exactly = "字" * 682 + "ab"  # 2046 + 2 bytes
    assert (await app.text("zhangsan", exactly))["errcode"] == 0
    refused = await app.text("zhangsan", exactly + "c")
    assert refused["errcode"] == 45002
    assert (await app.text("zhangsan", ""))["errcode"] == 44004
    assert emu.texts("zhangsan") == [exactly]


async def test_it_cuts_a_long_text_at_2048_bytes_when_not_strict() -> None:
    emu = make_emulator(strict=False)
    emu.add_member("zhangsan")
    await emu.start()
    async with aiohttp.ClientSession() as http:
        app = Client(emu, http)
        await app.fetch_token()
        assert (await app.text("zhangsan", "字" * 700))["errcode"] == 0
    await emu.stop()
    assert emu.texts("zhangsan") == ["字" * 682]


async def test_it_refuses_a_card_of_seven_buttons_or_a_long_button_text(
    app: Client, emu: WeComEmulator
) -> None:
    six = await app.send("zhangsan", "template_card", button_card("t6", 6))
    assert six["errcode"] == 0
    assert six["response_code"]
    seven = await app.send("zhangsan", "template_card", button_card("t7", 7))
    assert seven["errcode"] == 40058
    assert "button_list" in seven["errmsg"]
    wordy = await app.send(
        "zhangsan", "template_card", button_card("t8", 2, "十个字以上的按钮文字")
    )
    assert wordy["errcode"] == 40058
    again = await app.send("zhangsan", "template_card", button_card("t6", 2))
    assert again["errcode"] == 40058, "a task_id is used once per app"
    assert [m["template_card"]["task_id"] for m in emu.sent_to("zhangsan")] == ["t6"]


async def test_it_checks_vote_and_multiple_choice_cards_option_counts(app: Client) -> None:
    def vote(options: int) -> dict[str, object]:
        box = {
            "question_key": "q",
            "option_list": [{"id": f"o{i}", "text": f"选{i}"} for i in range(options)],
        }
        return {
            "card_type": "vote_interaction",
            "main_title": {"title": "谈话方式"},
            "task_id": f"vote{options}",
            "checkbox": box,
            "submit_button": {"text": "提交", "key": "submit"},
        }

    assert (await app.send("zhangsan", "template_card", vote(20)))["errcode"] == 0
    assert (await app.send("zhangsan", "template_card", vote(21)))["errcode"] == 40058
    selects = [
        {"question_key": f"q{n}", "option_list": [{"id": "a", "text": "甲"}]} for n in range(4)
    ]
    multiple = {
        "card_type": "multiple_interaction",
        "main_title": {"title": "筛选"},
        "task_id": "multi",
        "select_list": selects,
        "submit_button": {"text": "提交", "key": "submit"},
    }
    assert (await app.send("zhangsan", "template_card", multiple))["errcode"] == 40058
    multiple["select_list"] = selects[:3]
    assert (await app.send("zhangsan", "template_card", multiple))["errcode"] == 0


async def test_it_answers_injected_45009_and_then_sends_again(
    app: Client, emu: WeComEmulator
) -> None:
    emu.fail_next(45009, times=2)
    answers = [(await app.text("zhangsan", f"第{n}条"))["errcode"] for n in range(3)]
    assert answers == [45009, 45009, 0]
    assert emu.texts("zhangsan") == ["第2条"]


async def test_it_names_unknown_users_in_invaliduser_and_refuses_when_none_is_valid(
    app: Client, emu: WeComEmulator
) -> None:
    partly = await app.text("zhangsan|WangWu", "通知")
    assert partly["errcode"] == 0
    assert partly["invaliduser"] == "wangwu"
    nobody = await app.text("wangwu", "通知")
    assert nobody["errcode"] == 81013
    assert nobody["invaliduser"] == "wangwu"
    emu.remove_member("lisi")
    assert (await app.text("lisi", "通知"))["errcode"] == 81013
    assert emu.texts("zhangsan") == ["通知"]


async def test_it_drops_what_one_member_gets_past_30_a_minute_and_says_ok(
    app: Client, emu: WeComEmulator
) -> None:
    answers = [(await app.text("zhangsan", f"#{n}"))["errcode"] for n in range(31)]
    assert answers == [0] * 31
    assert len(emu.texts("zhangsan")) == 30
    assert [d["text"]["content"] for d in emu.dropped] == ["#30"]
    assert (await app.text("lisi", "别人不受影响"))["errcode"] == 0
    assert emu.texts("lisi") == ["别人不受影响"]
    emu.advance(60)
    await app.text("zhangsan", "一分钟后")
    assert emu.texts("zhangsan")[-1] == "一分钟后"


async def test_it_takes_each_response_code_once_and_not_after_72_hours(
    app: Client, emu: WeComEmulator
) -> None:
    sent = await app.send("zhangsan|lisi", "template_card", button_card("form1"))
    update = {"userids": ["zhangsan"], "agentid": AGENT_ID, "response_code": sent["response_code"]}
    update["button"] = {"replace_name": "已保存"}
    first = await app.post("message/update_template_card", update)
    assert first == {"errcode": 0, "errmsg": "ok", "invaliduser": []}
    assert emu.greyed("zhangsan", "form1") == "已保存"
    assert emu.greyed("lisi", "form1") is None
    assert (await app.post("message/update_template_card", update))["errcode"] == 40058
    stale = await app.send("lisi", "template_card", button_card("form2"))
    emu.advance(72 * 3600 + 1)
    await app.fetch_token()
    late = {**update, "userids": ["lisi"], "response_code": stale["response_code"]}
    assert (await app.post("message/update_template_card", late))["errcode"] == 40058
    assert emu.sent_to("zhangsan")[-1]["msgtype"] == "update"
