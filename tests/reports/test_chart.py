"""The chart is a real PNG whose Chinese labels are drawn with a CJK font, never as boxes."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageColor, ImageDraw, ImageFont

from i18n import translator
from reports import chart
from reports.chart import COLORS, MAX_BARS, WIDTH_PX, cjk_font_file, render_chart
from reports.digest_data import STATUSES, CollegeDigest, StatusTally
from tests.reports.samples import sample_digest

LONG_NAME = "机电工程学院电气自动化专业辅导员张老师"  # 20 characters


def _image(digest: CollegeDigest, language: str = "zh") -> Image.Image:
    """The chart, opened back as a reader's viewer would."""
    image = Image.open(io.BytesIO(render_chart(digest, translator(language))))
    assert image.format == "PNG"
    return image.convert("RGB")


def _pixels(image: Image.Image, color: str) -> int:
    """How many pixels have exactly this colour."""
    rgb = ImageColor.getrgb(color)
    return sum(n for n, c in image.getcolors(maxcolors=1_000_000) or [] if c == rgb)


def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> bytes:
    """The character drawn alone, as pixels."""
    canvas = Image.new("L", (40, 40))
    ImageDraw.Draw(canvas).text((4, 4), ch, font=font, fill=255)
    return canvas.tobytes()


def _bar_rows(image: Image.Image) -> tuple[int, int, int]:
    """The leftmost column holding a bar's first (met) colour, and the first bar's rows."""
    met = ImageColor.getrgb(COLORS["met"])
    pixels = image.load()
    assert pixels is not None
    left = min(x for x in range(image.width) for y in range(0, image.height, 2)
               if pixels[x, y] == met)  # fmt: skip
    top = next(y for y in range(image.height) if pixels[left, y] == met)
    bottom = next(y for y in range(top, image.height) if pixels[left, y] != met)
    return left, top, bottom - 1


def test_it_uses_a_font_that_has_the_chinese_glyphs() -> None:
    found = cjk_font_file()
    assert found is not None
    path, index = found
    font = ImageFont.truetype(str(path), 24, index=index)
    # A character the font lacks is drawn as its .notdef box, the same for every such character.
    tofu = _glyph(font, "\U0010fffd")
    assert _glyph(font, "\U000f0000") == tofu
    for ch in "机电工程学院张老师已完成进度正常有风险落后未完成每位教师全院本周上周暂无定额":
        assert _glyph(font, ch) != tofu, ch


def test_it_renders_a_png_of_the_fixed_width(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        image = _image(sample_digest())
    assert "no CJK font" not in caplog.text
    assert image.width == WIDTH_PX
    assert 300 < image.height < 1000
    # Something was drawn: far more than the white background's one colour.
    assert len(image.getcolors(maxcolors=1_000_000) or []) > 50


@pytest.mark.parametrize("staff", [0, 3, MAX_BARS, 300])
def test_its_height_stays_within_a_photo(staff: int) -> None:
    image = _image(sample_digest(staff_count=staff), "en")
    assert image.width == WIDTH_PX
    # Telegram refuses photos whose width and height add up to more than 10,000.
    assert image.width + image.height < 10_000
    assert 250 < image.height <= 1500


def test_a_big_college_is_cut_at_the_bar_limit() -> None:
    assert _image(sample_digest(300)).size == _image(sample_digest(MAX_BARS)).size
    assert _image(sample_digest(MAX_BARS)).height > _image(sample_digest(MAX_BARS - 1)).height


def test_each_status_with_a_count_shows_in_its_colour() -> None:
    base = sample_digest()
    nothing = replace(base, staff=(), total_now=StatusTally(), total_before=StatusTally())
    legend_only = _image(nothing)
    first = replace(base.staff[0], now=StatusTally(met=1, on_track=1, at_risk=1, missed=2))
    everything = replace(base, staff=(first, *base.staff[1:]))
    drawn = _image(everything)
    for status in STATUSES:
        assert _pixels(drawn, COLORS[status]) > _pixels(legend_only, COLORS[status]) > 0, status
    # The sample has no missed quota: its colour is in the legend only.
    unmissed = _image(base)
    assert _pixels(unmissed, COLORS["missed"]) == _pixels(legend_only, COLORS["missed"])


def test_a_long_name_is_cut_before_the_bars() -> None:
    base = sample_digest()
    long = replace(base.staff[0], name=LONG_NAME, now=StatusTally(met=5))
    image = _image(replace(base, staff=(long,)))
    left, top, bottom = _bar_rows(image)
    # The name is cut: the names' column takes less than a quarter of the width.
    assert left < image.width // 4
    # Between the name and its bar every pixel is background: the name does not run into it.
    gap = image.crop((left - 6, top, left - 1, bottom + 1))
    assert gap.getcolors() == [(gap.width * gap.height, (255, 255, 255))]


def test_the_names_column_is_as_wide_as_the_names() -> None:
    base = sample_digest()
    short, _, _ = _bar_rows(_image(base))
    longer = replace(base.staff[0], name="欧阳老师老师", now=StatusTally(met=5))
    wider, _, _ = _bar_rows(_image(replace(base, staff=(longer, *base.staff[1:]))))
    assert wider > short


def test_it_draws_a_college_without_quotas() -> None:
    image = _image(sample_digest(staff_count=0))
    assert image.width == WIDTH_PX
    assert len(image.getcolors(maxcolors=1_000_000) or []) > 50


@pytest.fixture
def fresh_fonts() -> Iterator[None]:
    """The font looked up again, and the process' fonts restored afterwards."""
    chart.cjk_font_file.cache_clear()
    chart._font.cache_clear()
    yield
    chart.cjk_font_file.cache_clear()
    chart._font.cache_clear()


def test_without_the_package_it_finds_an_installed_cjk_font(
    fresh_fonts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = chart._shipped_font()
    assert shipped is not None
    (tmp_path / "opentype" / "noto").mkdir(parents=True)
    (tmp_path / "opentype" / "noto" / "NotoSansSC-Regular.otf").symlink_to(shipped)
    monkeypatch.setattr(chart, "_shipped_font", lambda: None)
    monkeypatch.setattr(chart, "FONT_DIRS", (tmp_path / "missing", tmp_path))
    assert cjk_font_file() == (tmp_path / "opentype" / "noto" / "NotoSansSC-Regular.otf", 0)
    assert _image(sample_digest()).width == WIDTH_PX


def test_without_any_cjk_font_the_chart_still_goes_out(
    fresh_fonts: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    monkeypatch.setattr(chart, "_shipped_font", lambda: None)
    monkeypatch.setattr(chart, "FONT_DIRS", (tmp_path,))
    with caplog.at_level(logging.WARNING):
        image = _image(sample_digest())
    assert "no CJK font found" in caplog.text
    assert image.width == WIDTH_PX
