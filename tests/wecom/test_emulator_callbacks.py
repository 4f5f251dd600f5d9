"""The WeCom emulator's callbacks decrypt with wechatpy to what members did, and are retried."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import aiohttp
import pytest

from bot.wecom_emulator import WeComEmulator
from tests.wecom.emulator_kit import (
    AGENT_ID,
    CORP_ID,
    Client,
    Receiver,
    button_card,
    make_emulator,
)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    """The app's callback endpoint."""
    app = Receiver()
    await app.start()
    yield app
    await app.stop()


@pytest.fixture
async def emu(receiver: Receiver) -> AsyncIterator[WeComEmulator]:
    """A running emulator whose callbacks go to the receiver."""
    emulator = make_emulator()
    emulator.add_member("zhangsan", "张老师")
    emulator.callback_url = receiver.url
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def app(emu: WeComEmulator) -> AsyncIterator[Client]:
    """The app's API client, holding a token."""
    async with aiohttp.ClientSession() as http:
        client = Client(emu, http)
        await client.fetch_token()
        yield client


async def test_it_sends_a_text_that_decrypts_to_what_the_member_typed(
    emu: WeComEmulator, receiver: Receiver
) -> None:
    msgid = await emu.send_text("zhangsan", "/dorm 7号楼 <312> ]]> & more")
    [got] = receiver.received
    assert got["MsgType"] == "text"
    assert got["Content"] == "/dorm 7号楼 <312> ]]> & more"
    assert got["FromUserName"] == "zhangsan"
    assert got["ToUserName"] == CORP_ID
    assert got["MsgId"] == str(msgid)
    assert got["AgentID"] == str(AGENT_ID)
    assert [t.status for t in emu.callback_tries] == [200]


async def test_it_sends_pictures_voice_locations_menu_clicks_and_entering(
    emu: WeComEmulator, receiver: Receiver, app: Client
) -> None:
    menu = {"button": [{"type": "click", "name": "记录工作", "key": "menu_log"}]}
    assert (await app.post("menu/create", menu, agentid=AGENT_ID))["errcode"] == 0
    await emu.send_image("zhangsan")
    await emu.send_voice("zhangsan")
    await emu.send_location("zhangsan", 31.2, 121.5, "7号楼")
    await emu.click_menu("zhangsan", "menu_log")
    await emu.enter_agent("zhangsan")
    kinds = [(r["MsgType"], r.get("Event")) for r in receiver.received]
    assert kinds == [
        ("image", None),
        ("voice", None),
        ("location", None),
        ("event", "click"),
        ("event", "enter_agent"),
    ]
    image, voice, place, click, _ = receiver.received
    assert image["MediaId"] and image["PicUrl"]
    assert voice["Format"] == "amr"
    assert (place["Location_X"], place["Label"]) == ("31.2", "7号楼")
    assert click["EventKey"] == "menu_log"
    times = [int(r["CreateTime"]) for r in receiver.received]
    assert times == sorted(set(times)), "no two events of a member share a CreateTime"
    with pytest.raises(LookupError):
        await emu.click_menu("zhangsan", "not_in_menu")


async def test_it_sends_a_card_press_whose_response_code_updates_the_card_once(
    emu: WeComEmulator, receiver: Receiver, app: Client
) -> None:
    sent = await app.send("zhangsan", "template_card", button_card("log-1", 3))
    await emu.press_card("zhangsan", sent["response_code"], "k2")
    [press] = receiver.received
    assert press["Event"] == "template_card_event"
    assert (press["EventKey"], press["TaskId"]) == ("k2", "log-1")
    assert press["CardType"] == "button_interaction"
    assert press["ResponseCode"] != sent["response_code"]
    update = {
        "userids": ["zhangsan"],
        "agentid": AGENT_ID,
        "response_code": press["ResponseCode"],
        "template_card": button_card("ignored", 2, "下一步"),
    }
    assert (await app.post("message/update_template_card", update))["errcode"] == 0
    assert emu.card("zhangsan", "log-1")["button_list"][0]["text"] == "下一步0"
    assert (await app.post("message/update_template_card", update))["errcode"] == 40058
    with pytest.raises(LookupError):
        await emu.press_card("zhangsan", "log-1", "k2")  # the updated card has only k0, k1
    update["response_code"] = sent["response_code"]
    update.pop("template_card")
    update["button"] = {"replace_name": "已保存"}
    assert (await app.post("message/update_template_card", update))["errcode"] == 0
    with pytest.raises(LookupError):
        await emu.press_card("zhangsan", "log-1", "k0")  # greyed out


async def test_it_sends_the_selected_items_of_a_vote(
    emu: WeComEmulator, receiver: Receiver, app: Client
) -> None:
    options: list[dict[str, Any]] = [{"id": f"o{i}", "text": f"方式{i}"} for i in range(3)]
    card = {
        "card_type": "vote_interaction",
        "main_title": {"title": "谈话方式"},
        "task_id": "vote-1",
        "checkbox": {"question_key": "way", "mode": 1, "option_list": options},
        "submit_button": {"text": "提交", "key": "submit_way"},
    }
    assert (await app.send("zhangsan", "template_card", card))["errcode"] == 0
    with pytest.raises(ValueError):
        await emu.submit_card("zhangsan", "vote-1", {"way": ["o9"]})
    await emu.submit_card("zhangsan", "vote-1", {"way": ["o0", "o2"]})
    [vote] = receiver.received
    assert (vote["EventKey"], vote["CardType"]) == ("submit_way", "vote_interaction")
    item = vote["SelectedItems"]["SelectedItem"]
    assert item["QuestionKey"] == "way"
    assert item["OptionIds"]["OptionId"] == ["o0", "o2"]


async def test_it_tries_a_slow_callback_three_more_times_with_the_same_message(
    emu: WeComEmulator, receiver: Receiver
) -> None:
    emu.limits = replace(emu.limits, callback_timeout=0.3)
    receiver.delay = 1.5  # past the callback's timeout
    msgid = await emu.send_text("zhangsan", "你好")
    assert [t.attempt for t in emu.callback_tries] == [1, 2, 3, 4]
    assert all(t.status is None and t.error for t in emu.callback_tries)
    assert [r["MsgId"] for r in receiver.received] == [str(msgid)] * 4


async def test_it_stops_trying_once_the_app_answers_200(
    emu: WeComEmulator, receiver: Receiver
) -> None:
    receiver.statuses = [500, 503]
    await emu.enter_agent("zhangsan")
    assert [t.status for t in emu.callback_tries] == [500, 503, 200]
    assert len({r["CreateTime"] for r in receiver.received}) == 1


async def test_it_verifies_the_callback_url_with_an_encrypted_echostr(
    emu: WeComEmulator,
) -> None:
    status, body = await emu.verify_url()
    assert status == 200
    assert body == emu.expected_echo
    assert body.isdigit()


async def test_it_shows_an_uploaded_chart_as_an_image_message(
    emu: WeComEmulator, app: Client
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    form = aiohttp.FormData()
    form.add_field("media", png, filename="chart.png", content_type="image/png")
    url = f"{emu.api_url}/cgi-bin/media/upload"
    query = {"access_token": app.token, "type": "image"}
    async with app.http.post(url, params=query, data=form) as resp:
        uploaded = await resp.json()
    assert uploaded["type"] == "image"
    sent = await app.send("zhangsan", "image", {"media_id": uploaded["media_id"]})
    assert sent["errcode"] == 0
    [shown] = emu.sent_to("zhangsan")
    assert shown["media"] == {"bytes": png, "filename": "chart.png", "type": "image"}
    as_file = await app.send("zhangsan", "file", {"media_id": uploaded["media_id"]})
    assert as_file["errcode"] == 40007
    assert (await app.send("zhangsan", "image", {"media_id": "nope"}))["errcode"] == 40007


async def test_it_exchanges_a_web_login_code_once_for_the_userid(
    emu: WeComEmulator, app: Client
) -> None:
    code = emu.oauth_code("zhangsan")
    first = await app.get("auth/getuserinfo", access_token=app.token, code=code)
    assert first["userid"] == "zhangsan"
    again = await app.get("auth/getuserinfo", access_token=app.token, code=code)
    assert again["errcode"] == 40029


async def test_it_answers_502_during_an_outage(emu: WeComEmulator, app: Client) -> None:
    emu.outage(30)
    url = f"{emu.api_url}/cgi-bin/message/send"
    async with app.http.post(url, params={"access_token": app.token}, json={}) as resp:
        assert resp.status == 502
    assert emu.sent_to("zhangsan") == []
