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


def test_skipping_patterns_that_cannot_match_changes_nothing():
    """find_slots skips a pattern when the text lacks a character it needs (x, a digit, 年, 月,
    %, a capital): on text dense in those characters it finds what running every one finds."""
    import random
    from drafter import masking as M

    def every_pattern(text):
        taken, slots = [False] * len(text), []
        for kind, rx in M._PATTERNS + [("MNAME", M._MNAME), ("MWORD", M._MWORD)]:
            for m in rx.finditer(text):
                s, e = m.span()
                if e > s and not any(taken[s:e]):
                    taken[s:e] = [True] * (e - s)
                    slots.append(M.Slot(kind, m.group(), s, e))
        return sorted(slots, key=lambda sl: sl.start)
    rng = random.Random(3)
    alphabet = list("0123456789xX年月日%-至~ 余多万元人一二三十镇ADC级，。、；０１.") + ["百分点", "xx年", "x月", "12月"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20))) for _ in range(5000)]
    assert sum(bool(every_pattern(t)) for t in texts) > 1000
    assert all(M.find_slots(t) == every_pattern(t) for t in texts)
