"""Title breaking (GB/T 9704 7.3.1): at word boundaries, in a 梯形 or 菱形, without a dictionary."""
import re

import pytest

from drafter.layout import load_layout
from drafter.writers.title import break_title, width

MAX = load_layout(None).title_chars_per_line  # 18: 20 fit the text block, less one each side

CASES = [
    ("青山县人力资源和社会保障局2024年上半年政务公开工作总结",
     ["青山县人力资源和社会保障局", "2024年上半年政务公开工作总结"]),
    ("青山县市场监督管理局2024年上半年工作总结", ["青山县市场监督管理局", "2024年上半年工作总结"]),
    ("青山县石桥镇人民政府2024年工作总结及2025年工作计划",
     ["青山县石桥镇人民政府", "2024年工作总结及2025年工作计划"]),
    ("某某市某某区人民政府办公室2025年上半年政府工作报告",
     ["某某市某某区人民政府办公室", "2025年上半年政府工作报告"]),
    ("某某县住房和城乡建设局2025年上半年工作总结", ["某某县住房和城乡建设局", "2025年上半年工作总结"]),
    ("某某市某某区某某街道办事处2025年上半年工作总结和下半年工作计划",
     ["某某市某某区某某街道办事处", "2025年上半年工作总结和下半年工作计划"]),
]


@pytest.mark.parametrize("title,lines", CASES)
def test_known_titles(title, lines):
    assert break_title(title, MAX) == lines


def test_short_title_stays_on_one_line():
    assert break_title("青山县民政局2024年上半年政府工作报告", MAX) == ["青山县民政局2024年上半年政府工作报告"]


WHOLE = ["2024年上半年", "2025年上半年", "2024年", "工作总结", "政府工作报告", "工作计划", "政务公开",
         "人力资源和社会保障局", "市场监督管理局", "住房和城乡建设局", "人民政府"]


@pytest.mark.parametrize("title", [t for t, _ in CASES] + [
    "某某自治县某某乡人民政府2025年第一季度安全生产工作情况报告",
    "中共某某县委员会办公室2025年上半年工作总结",
    "某某省某某市某某县某某镇人民政府关于2025年上半年安全生产和应急管理工作情况报告",
])
@pytest.mark.parametrize("limit", [MAX, 14, 12])
def test_lines_fit_keep_words_whole_and_form_a_trapezoid_or_diamond(title, limit):
    lines = break_title(title, limit)
    assert "".join(lines) == title
    assert all(width(x) <= limit for x in lines), lines
    for word in WHOLE:
        if word in title and width(word) <= limit:
            assert any(word in x for x in lines), (word, lines)
    # 梯形 or 菱形: widths rise then fall (no 沙漏, a short line between two long ones).
    w = [width(x) for x in lines]
    peak = w.index(max(w))
    assert all(a <= b for a, b in zip(w[:peak], w[1:peak + 1])), lines
    assert all(a >= b for a, b in zip(w[peak:], w[peak + 1:])), lines
    # No line starts with a connector's partner left behind, nor ends with 关于.
    assert not any(x.endswith(("关于", "及", "和")) for x in lines[:-1]), lines


def test_unit_breaks_only_after_its_own_levels_and_organs():
    lines = break_title("某某市某某区人民政府办公室2025年上半年工作总结", 8)
    assert lines[:3] == ["某某市", "某某区", "人民政府办公室"] or lines[:2] == ["某某市某某区", "人民政府办公室"]
    # 市 in 市场 and 乡 in 城乡 are not levels.
    for x in break_title("某某市市场监督管理局某某县住房和城乡建设局2025年工作总结", 10):
        assert not re.match("^(场|建设局)", x), x


def test_a_piece_wider_than_a_line_is_cut_evenly():
    title = "某某某某某某某某某某某某某某某某某某某某某某某某某"
    lines = break_title(title, 10)
    assert "".join(lines) == title and all(width(x) <= 10 for x in lines)
