"""drafter.yamlout writes YAML that PyYAML reads back to the same data."""
import yaml
from hypothesis import given, settings, strategies as st

from drafter.yamlout import dump, scalar

text = st.text(max_size=40)
values = st.recursive(st.one_of(text, st.integers(-10**12, 10**12), st.booleans(), st.none()),
                      lambda inner: st.one_of(st.lists(st.one_of(text, st.integers()), max_size=4),
                                              st.dictionaries(text, inner, max_size=4)), max_leaves=12)


# The phrase bank's own shape: entries holding lists of scalars, maps of counts and lists of maps.
entry = st.fixed_dictionaries({"text": text, "support": st.integers(0, 10**6), "roles": st.lists(text, max_size=3),
                               "kind_support": st.dictionaries(text, st.integers(), max_size=3),
                               "examples": st.lists(st.dictionaries(text, text, max_size=2), max_size=3)})


@settings(max_examples=300, deadline=None)
@given(st.lists(entry, max_size=4))
def test_bank_shaped_round_trip(data):
    assert yaml.safe_load(dump(data)) == data


@settings(max_examples=400, deadline=None)
@given(st.lists(st.dictionaries(text, values, min_size=1, max_size=5), max_size=4))
def test_round_trip(data):
    assert yaml.safe_load(dump(data)) == data


@given(text)
def test_any_string_reads_back(s):
    assert yaml.safe_load(f"k: {scalar(s)}\n") == {"k": s}


def test_plain_where_unambiguous_quoted_otherwise():
    assert scalar("在{{ superior }}领导下") == "在{{ superior }}领导下"
    assert scalar("opener") == "opener"
    for s in ("yes", "No", "null", "2023年工作总结", "- 列表", "一: 二", "尾部空格 ", "", "\u2028", "a#b"):
        assert scalar(s).startswith('"'), s
