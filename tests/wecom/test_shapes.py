"""Replies in WeCom's shapes: HTML as plain text with links, 2048-byte parts, cards."""

from __future__ import annotations

import pytest

from bot.wecom.shapes import TEXT_BYTES, card_for, plain_text, split_text


def test_html_becomes_plain_text_and_keeps_its_links() -> None:
    html = '<b>已保存</b>：<a href="https://x.edu.cn/app">看板</a> &lt;情况稳定&gt; &amp; 有进步'
    assert plain_text(html, "HTML") == "已保存：看板 https://x.edu.cn/app <情况稳定> & 有进步"
    assert plain_text("<b>不是 HTML</b>", None) == "<b>不是 HTML</b>"


def test_a_long_answer_is_split_at_line_breaks_within_2048_bytes() -> None:
    lines = [f"第 {i} 行：王小明（2024010101）走访宿舍 7号楼 312" for i in range(200)]
    parts = split_text("\n".join(lines))
    assert len(parts) > 1
    assert all(len(p.encode()) <= TEXT_BYTES for p in parts)
    assert "\n".join(parts).split("\n") == lines  # every line whole, in order


def test_a_single_line_longer_than_the_limit_is_cut_between_characters() -> None:
    line = "谈" * 1000  # 3,000 bytes
    parts = split_text(line)
    assert [len(p.encode()) for p in parts] == [2046, 954]
    assert "".join(parts) == line


@pytest.mark.parametrize(
    ("buttons", "card_type"),
    [
        ([("确认保存", "f:1:save"), ("改日期", "f:1:date")], "button_interaction"),
        ([(f"学生{i}", f"f:{i}") for i in range(7)], "vote_interaction"),
        ([("主题班会 / 班级活动 / 其他", "m:meeting")], "vote_interaction"),
    ],
)
def test_buttons_become_a_button_card_or_a_vote_for_more_or_longer(
    buttons: list[tuple[str, str]], card_type: str
) -> None:
    card = card_for("请核对\n走访宿舍 7号楼 312", buttons, "fudao-1-ab").card
    assert card["card_type"] == card_type
    keys = [b["key"] for b in card.get("button_list", [])]
    keys += [o["id"] for o in card.get("checkbox", {}).get("option_list", [])]
    assert keys == [data for _, data in buttons]


def test_text_a_card_cannot_hold_goes_before_it_whole() -> None:
    text = "请核对以下记录：\n" + "\n".join(f"学生 {i}：王小明" for i in range(20))
    shaped = card_for(text, [("确认保存", "f:1:save")], "fudao-2-cd")
    assert shaped.text_before == text
    assert shaped.card["main_title"]["title"] == "请核对以下记录："


def test_a_button_offered_twice_shows_once_so_wecom_takes_the_card() -> None:
    buttons = [("记录骨干谈心", "log:kind:talk"), ("明天再提醒", "nz:s:C08"),
               ("记录谈心谈话", "log:kind:talk"), ("明天再提醒", "nz:s:C17")]  # fmt: skip
    card = card_for("📋 工作提醒", buttons, "fudao-3-ef").card
    keys = [b["key"] for b in card["button_list"]]
    assert keys == ["log:kind:talk", "nz:s:C08", "nz:s:C17"]
    assert card["button_list"][0]["text"] == "记录骨干谈心"
