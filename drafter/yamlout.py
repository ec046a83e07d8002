"""A small block-style YAML writer for drafter's own plain data (dicts, lists, str, int, bool).

PyYAML's representer is pure Python even with the C emitter and took most of the time of
writing a phrase bank; data of this shape needs none of its generality. Strings are written
plain when that is unambiguous, otherwise double-quoted with JSON's escapes plus the ones YAML
needs beyond JSON (line-break characters, non-printables). Output reads back with
`yaml.safe_load` to the same data; a test checks that on the shipped bank and on random text.
"""
from __future__ import annotations

import json
import re

__all__ = ["dump"]

# A plain scalar may not start with an indicator, contain ": " or " #", end in a space, or
# read as another type. Starting with a CJK character or a lowercase identifier that is not
# a YAML 1.1 keyword rules all of these out cheaply.
_PLAIN_CJK = re.compile(r"[\u4e00-\u9fff][^\x00-\x1f\x7f-\x9f:#'\"\\\u2028\u2029\ufeff]*(?<! )")
_PLAIN_WORD = re.compile(r"[a-z][a-z0-9_-]*")
_KEYWORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
# What YAML's reader refuses or treats as a line break inside a quoted scalar: everything
# but \t \n \r, \x20-\x7e, \xa0-\u2027, \u202a-\ud7ff, \ue000-\ufefe, \uff00-\ufffd and the
# supplementary planes (written as the complement: a small class compiles at once).
_ESCAPE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _escape(ch: str) -> str:
    n = ord(ch)
    return f"\\u{n:04x}" if n <= 0xFFFF else f"\\U{n:08x}"


def scalar(v) -> str:
    if type(v) is str:      # the common case first
        return _string(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if v is None:
        return "null"
    if not isinstance(v, str):
        raise TypeError(f"unsupported value {type(v).__name__}")
    return _string(v)


def _string(v: str) -> str:
    if (_PLAIN_CJK.fullmatch(v) and not _ESCAPE.search(v)) or (_PLAIN_WORD.fullmatch(v) and v not in _KEYWORDS):
        return v
    return _ESCAPE.sub(lambda m: _escape(m.group(0)), json.dumps(v, ensure_ascii=False))


_KEYS: dict = {}


def _key(k) -> str:
    """A mapping key as written: the same few keys recur on every entry (strings only: True
    and 1 are one dict key)."""
    s = _KEYS.get(k) if type(k) is str else None
    if s is None:
        s = scalar(k)
        if type(k) is str and len(_KEYS) < 4096:
            _KEYS[k] = s
    return s


def _block(v, indent: str, out: list[str]) -> None:
    """Append the lines of a list or dict value whose key (or dash) is already written."""
    if isinstance(v, dict):
        for k, x in v.items():
            _entry(f"{indent}{_key(k)}:", x, indent, out)
    else:
        for x in v:
            if isinstance(x, dict) and x:
                first = True
                for k, y in x.items():
                    # the first key shares the dash's line, the rest align under it
                    _entry(f"{indent}- {_key(k)}:" if first else f"{indent}  {_key(k)}:", y, indent + "  ", out)
                    first = False
            elif isinstance(x, dict):
                out.append(f"{indent}- {{}}")
            elif isinstance(x, list):
                raise TypeError("lists directly inside lists are not supported")
            else:
                out.append(f"{indent}- {scalar(x)}")


def _entry(head: str, v, indent: str, out: list[str]) -> None:
    t = type(v)
    if t is str or t is int:      # most values: no container checks
        out.append(f"{head} {_string(v) if t is str else v}")
    elif isinstance(v, (list, dict)) and v:
        out.append(head)
        # lists under a key are not indented (as PyYAML writes them); mappings are
        _block(v, indent + ("  " if isinstance(v, dict) else ""), out)
    elif isinstance(v, (list, dict)):
        out.append(f"{head} {'[]' if isinstance(v, list) else '{}'}")
    else:
        out.append(f"{head} {scalar(v)}")


def dump(data) -> str:
    """Block-style YAML for a list or dict of plain values."""
    if isinstance(data, (list, dict)) and not data:
        return ("[]" if isinstance(data, list) else "{}") + "\n"
    out: list[str] = []
    _block(data, "", out)
    return "\n".join(out) + "\n"
