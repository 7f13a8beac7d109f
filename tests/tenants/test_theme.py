from hypothesis import given
from hypothesis import strategies as st

from tenants.theme import contrast_ratio, readable_text_on

hex_colors = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06x}")


@given(hex_colors)
def test_text_on_any_brand_colour_reaches_wcag_aa(color):
    assert contrast_ratio(color, readable_text_on(color)) >= 4.5


def test_the_contrast_of_black_on_white_is_21_to_1():
    assert round(contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert readable_text_on("#ffd43b") == "#000000" and readable_text_on("#1b3a4b") == "#ffffff"
