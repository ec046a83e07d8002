"""Figure wording: examples of each phrase, plus properties checked against exact Fractions."""
import math
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from drafter.figures import (COUNT_UNITS, Figure, describe, format_amount, percent_change, point_change,
                             round_half_up, target_phrase, yoy_phrase)


def ref_round(x: Fraction, places: int) -> Fraction:
    """Half-up rounding of |x| done independently of the code under test (pure Fractions)."""
    scale = 10 ** places
    return Fraction(math.floor(abs(x) * scale + Fraction(1, 2)), scale)


def exact(x) -> Fraction:
    # Floats are meant as written (their shortest repr), the same contract figures.py states.
    return Fraction(repr(x)) if isinstance(x, float) else Fraction(x)


# Non-negative amounts as they appear in YAML: ints, 2-dp decimals, and plain floats.
amounts = st.one_of(
    st.integers(min_value=0, max_value=10**12),
    st.decimals(min_value=0, max_value=10**10, places=2),
    st.floats(min_value=0, max_value=1e10, allow_nan=False, allow_infinity=False),
)
positive = amounts.filter(lambda x: x > 0)

NUM = r"(\d+(?:\.\d+)?)"


# ---- examples ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, unit, text", [
    (12, "户", "12户"),
    (1234.5, "万元", "1234.5万元"),
    (12500, "万元", "1.25亿元"),
    (35000, "元", "3.5万元"),
    (42614, "元", "42614元"),             # scaling would lose precision: keep 元
    (123456789, "元", "1.23亿元"),
    (9999.999, "万元", "1亿元"),           # threshold applies to the rounded value
    (2.345, "%", "2.35%"),               # half-up, not banker's
    (2.0, "公里", "2公里"),
    (Decimal("1E+3"), "吨", "1000吨"),
    (1e-7, "亩", "0亩"),
    (-0.001, "人", "0人"),                # never "-0"
    (1.5, "个百分点", "1.5个百分点"),
])
def test_format_amount_examples(value, unit, text):
    assert format_amount(value, unit) == text


@pytest.mark.parametrize("value, previous, unit, text", [
    (112.3, 100, "万元", "同比增长12.3%"),
    (96, 100, "户", "同比下降4%"),         # no trailing .0
    (100.04, 100, "万元", "与上年持平"),
    (100.05, 100, "万元", "同比增长0.1%"),   # exact 0.05 rounds up
    (12, 0, "户", "实现零的突破"),         # no growth rate from nothing
    (12500, 0, "万元", "实现零的突破"),
    (0, 0, "户", "与上年持平"),
    (5, 3, "家", "比上年增加2家"),         # a small count compares by difference
    (3, 5, "个", "比上年减少2个"),
    (4, 4, "个", "与上年持平"),
    (30, 20, "家", "同比增长50%"),         # from 20 on, a rate again
    (5.2, 4.0, "％", "同比提高1.2个百分点"),  # ％ is %
    (3, -5, "万元", "上年同期为-5万元"),
    (5.2, 4.0, "%", "同比提高1.2个百分点"),
    (3.5, 4.0, "%", "同比降低0.5个百分点"),
    (4.02, 4.0, "个百分点", "与上年持平"),
])
def test_yoy_examples(value, previous, unit, text):
    assert yoy_phrase(value, previous, unit) == text


def test_target_examples():
    assert target_phrase(45, 100) == "完成全年目标的45%"
    assert target_phrase(47.8, 100) == "完成全年目标的47.8%"
    assert target_phrase(112, 100) == "完成全年目标的112%，超额完成任务"
    assert target_phrase(100, 100) == "完成全年目标任务"
    assert target_phrase(99.96, 100) == "完成全年目标的99.9%"   # never shown as 100% while short
    assert target_phrase(96.5, 94.2, "%") == "高于全年目标2.3个百分点"
    assert target_phrase(93.7, 94.2, "％") == "距全年目标还差0.5个百分点"
    assert target_phrase(94.2, 94.2, "个百分点") == "达到全年目标"
    with pytest.raises(ValueError):
        target_phrase(1, 0)


def test_percent_sign_forms_are_one_unit():
    for a, b in [(98.6, 97.9), (3.2, 3.3), (50, 50)]:
        assert yoy_phrase(a, b, "％") == yoy_phrase(a, b, "%")
        assert target_phrase(a, b, "％") == target_phrase(a, b, "%")
    assert format_amount(2.5, "％") == "2.5%"


def test_describe():
    fig = Figure(125000, "万元", name="地区生产总值", previous=115000, target=240000)
    assert describe(fig) == "地区生产总值12.5亿元，同比增长8.7%，完成全年目标的52.1%"
    assert describe(Figure(12, "户")) == "12户"
    assert describe(Figure(3.2, "%", name="城镇登记失业率", previous=3.3)) == \
        "城镇登记失业率3.2%，同比降低0.1个百分点"
    with pytest.raises(Exception):
        Figure(1, "户").value = 2  # frozen


@pytest.mark.parametrize("bad", [None, float("nan"), float("inf"), True, "12"])
def test_bad_numbers_rejected(bad):
    with pytest.raises(ValueError):
        format_amount(bad, "户")


def test_helpers():
    assert percent_change(2.25, 2) == Decimal("12.5")
    assert round_half_up(2.25, 1) == Decimal("2.3")       # round() would give 2.2
    assert round_half_up(-2.25, 1) == Decimal("-2.3")
    assert point_change(5.25, 5) == Decimal("0.3")
    with pytest.raises(ValueError):
        percent_change(1, 0)


# ---- properties -------------------------------------------------------------------------

@given(amounts, positive)
def test_yoy_direction_and_number(value, previous):
    phrase = yoy_phrase(value, previous, "万元")
    change = (exact(value) - exact(previous)) / exact(previous) * 100
    expected = ref_round(change, 1)
    if expected == 0:
        assert phrase == "与上年持平"
        return
    m = re.fullmatch(r"同比(增长|下降)" + NUM + "%", phrase)
    assert m, phrase
    assert (m[1] == "增长") == (change > 0)
    assert (m[1] == "下降") == (change < 0)
    assert re.fullmatch(r"\d+(?:\.[1-9])?", m[2])             # one decimal at most, never .0
    assert Fraction(m[2]) == expected


@given(amounts, amounts, st.sampled_from(["%", "个百分点"]))
def test_yoy_points(value, previous, unit):
    phrase = yoy_phrase(value, previous, unit)
    diff = exact(value) - exact(previous)
    expected = ref_round(diff, 1)
    if expected == 0:
        assert phrase == "与上年持平"
        return
    m = re.fullmatch(r"同比(提高|降低)" + NUM + "个百分点", phrase)
    assert m, phrase
    assert (m[1] == "提高") == (diff > 0)
    assert Fraction(m[2]) == expected


@given(st.integers(min_value=0, max_value=19), st.integers(min_value=0, max_value=10**6),
       st.sampled_from(sorted(COUNT_UNITS)))
def test_small_counts_by_difference(previous, value, unit):
    phrase = yoy_phrase(value, previous, unit)
    if previous == 0:
        assert phrase == ("与上年持平" if value == 0 else "实现零的突破")
        return
    if value == previous:
        assert phrase == "与上年持平"
        return
    m = re.fullmatch("比上年(增加|减少)(\\d+)" + re.escape(unit), phrase)
    assert m, phrase
    assert (m[1] == "增加") == (value > previous)
    assert int(m[2]) == abs(value - previous)


@given(amounts, positive)
def test_target_percentage(value, target):
    phrase = target_phrase(value, target)
    v, t = exact(value), exact(target)
    if v == t:
        assert phrase == "完成全年目标任务"
        return
    m = re.fullmatch("完成全年目标的" + NUM + "%(，超额完成任务)?", phrase)
    assert m, phrase
    assert re.fullmatch(r"\d+(?:\.[1-9])?", m[1])
    shown = Fraction(m[1])
    assert bool(m[2]) == (v > t)
    if v < t:
        assert shown < 100                           # never "100%" while the target is not met
        assert abs(shown - v / t * 100) <= Fraction(1, 10)
    else:
        assert shown == ref_round(v / t * 100, 1)


@given(amounts, positive, st.sampled_from(["%", "％", "个百分点"]))
def test_target_of_rates_in_points(value, target, unit):
    phrase = target_phrase(value, target, unit)
    assert "%" not in phrase.replace("个百分点", "")          # never a percentage of a rate
    d = ref_round(exact(value) - exact(target), 1)
    if d == 0:
        assert phrase == "达到全年目标"
        return
    m = re.fullmatch("(高于全年目标|距全年目标还差)" + NUM + "个百分点", phrase)
    assert m, phrase
    assert (m[1] == "高于全年目标") == (exact(value) > exact(target))
    assert Fraction(m[2]) == d


FACTOR = {"元": 1, "万元": 10**4, "亿元": 10**8}


@given(amounts, st.sampled_from(["元", "万元", "亿元", "户", "人", "吨", "%", "个百分点"]))
def test_format_amount_shape(value, unit):
    text = format_amount(value, unit)
    assert "None" not in text and "e" not in text.lower()
    m = re.fullmatch(r"(-?\d+)(?:\.(\d{1,2}))?(.+)", text)
    assert m, text
    assert not (m[2] or "").endswith("0")                    # trailing zeros trimmed
    shown, out_unit = Fraction(m[1] + "." + (m[2] or "0")), m[3]
    if unit in FACTOR:
        assert out_unit in FACTOR
        scale = FACTOR[out_unit]
        # Scaled back, the printed number is the original within half a printed unit.
        assert abs(shown * scale - exact(value) * FACTOR[unit]) <= Fraction(scale, 200)
    else:
        assert out_unit == unit
        assert shown == ref_round(exact(value), 2)
