import pytest

from drafter.masking import find_slots, has_masked_placeholder, mask


@pytest.mark.parametrize("text,expected", [
    ("xxxx年上半年，我局工作", "<MDATE>上半年，我局工作"),
    ("x-x月累计发放低保金xxx.xx万元", "<MPERIOD>累计发放低保金<MNUM>"),
    ("村务公开xxx%", "村务公开<MPCT>"),
    ("在XX县委的领导下", "在<MNAME>县委的领导下"),
    ("全村现有农户1828户6383人", "全村现有农户<NUM><NUM>"),
    ("同比增长11.34%", "同比增长<PCT>"),
    ("提高2.1个百分点", "提高<PCT>"),
    ("2023年6月29日", "<DATE>"),
    ("加强D建工作", "加强<MWORD>建工作"),
    ("投入资金3万元", "投入资金<NUM>"),
])
def test_mask(text, expected):
    assert mask(text)[0] == expected


def test_grades_are_not_censor_letters():
    assert "C级" in mask("C级包保10家")[0]


def test_slot_types_split_masked_from_real():
    slots = find_slots("xx户，1828户")
    assert [s.masked for s in slots] == [True, False]


def test_placeholder_detection():
    assert has_masked_placeholder("XX街道") and has_masked_placeholder("xxxx年")
    assert not has_masked_placeholder("青山街道2024年") and not has_masked_placeholder("Excel表格")
