"""Chinese numerals, heading markers and 一是…二是… run-ins."""
import pytest
from hypothesis import given, strategies as st

from drafter.numbering import cn_to_int, int_to_cn, marker, ordinal_word, runin


@pytest.mark.parametrize("n, cn", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"),
                                   (23, "二十三"), (99, "九十九")])
def test_int_to_cn_examples(n, cn):
    assert int_to_cn(n) == cn


@pytest.mark.parametrize("bad", [0, 100, -1, True, 1.0])
def test_int_to_cn_range(bad):
    with pytest.raises(ValueError):
        int_to_cn(bad)


def test_cn_to_int_unchanged():
    # Existing behaviour other modules rely on.
    assert cn_to_int("一") == 1 and cn_to_int("十二") == 12 and cn_to_int("二十三") == 23
    assert cn_to_int("两") == 2 and cn_to_int("〇") == 0
    assert cn_to_int("") is None and cn_to_int("十十") is None and cn_to_int("百") is None


@given(st.integers(1, 99))
def test_roundtrip(n):
    assert cn_to_int(int_to_cn(n)) == n


def test_marker_examples():
    assert [marker(lv, 1) for lv in (1, 2, 3, 4)] == ["一、", "（一）", "1.", "（1）"]
    assert marker(1, 12) == "十二、" and marker(4, 120) == "（120）"
    for bad in [(0, 1), (5, 1), (1, 0), (1, 100)]:
        with pytest.raises(ValueError):
            marker(*bad)


@given(st.integers(1, 4), st.integers(1, 99))
def test_markers_in_sequence(level, k):
    ms = [marker(level, n) for n in range(1, k + 1)]
    assert len(set(ms)) == k
    inner = [m.strip("（）、.") for m in ms]
    parsed = [cn_to_int(s) if level <= 2 else int(s) for s in inner]
    assert parsed == list(range(1, k + 1))


def test_runin_examples():
    assert runin([]) == ""
    assert runin(["加强队伍建设；"]) == "加强队伍建设。"
    assert runin(["抓党建。", "促发展；", "保民生,"]) == "一是抓党建；二是促发展；三是保民生。"
    assert runin([" 抓党建 。", "", "  ", "促发展"]) == "一是抓党建；二是促发展。"
    assert ordinal_word(1) == "一是" and ordinal_word(12) == "十二是"


# Item body without separators, then any mix of end punctuation / whitespace.
body = st.text(st.sampled_from("加强党建工作推进项目落实ABC123（）“”"), min_size=1, max_size=12)
tail = st.text(st.sampled_from("。；，、：.;,: \u3000"), max_size=3)
items = st.lists(st.tuples(body, tail).map("".join), min_size=2, max_size=30)


@given(items)
def test_runin_properties(xs):
    out = runin(xs)
    assert out.endswith("。") and "。；" not in out and "；；" not in out
    parts = out[:-1].split("；")
    assert len(parts) == len(xs)
    for k, (part, x) in enumerate(zip(parts, xs), 1):
        assert part.startswith(ordinal_word(k))
        assert x.startswith(part[len(ordinal_word(k)):])     # body kept verbatim
