"""The chart is a real PNG whose Chinese labels are drawn with a CJK font, never as boxes."""

from __future__ import annotations

import io
import warnings

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from PIL import Image

from i18n import translator
from reports.chart import DPI, MAX_BARS, WIDTH_INCHES, cjk_font_family, render_chart
from tests.reports.samples import sample_digest


def test_it_uses_a_font_that_has_the_chinese_glyphs() -> None:
    family = cjk_font_family()
    assert family is not None
    path = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    cmap = FT2Font(path).get_charmap()
    assert all(ord(ch) in cmap for ch in "机电工程学院张老师已完成有风险落后未完成本周上周")


def test_it_renders_a_png_without_missing_glyphs() -> None:
    with warnings.catch_warnings():
        # matplotlib warns "Glyph … missing from font(s)" for every character it draws as a box;
        # only that warning fails the test (a stray ResourceWarning from another test must not).
        warnings.filterwarnings("error", message=r"Glyph .* missing from")
        png = render_chart(sample_digest(), translator("zh"))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.mode == "RGBA"
    assert image.width == int(WIDTH_INCHES * DPI)
    assert 300 < image.height < 1000
    # Something was drawn: far more than the white background's one colour.
    assert len(image.getcolors(maxcolors=1_000_000) or []) > 50


def test_it_caps_the_bars_so_a_big_college_still_fits_a_photo() -> None:
    png = render_chart(sample_digest(staff_count=300), translator("en"))
    image = Image.open(io.BytesIO(png))
    # Telegram refuses photos whose width and height add up to more than 10,000.
    assert image.width + image.height < 10_000
    assert image.height <= (2.2 + 0.38 * MAX_BARS) * DPI + 1


def test_it_draws_a_college_without_quotas() -> None:
    empty = sample_digest(staff_count=0)
    image = Image.open(io.BytesIO(render_chart(empty, translator("zh"))))
    assert image.size[0] == int(WIDTH_INCHES * DPI)
