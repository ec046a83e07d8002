"""A YAML syntax error of a user's file in Chinese: what is wrong, at which line, and the usual fix."""
from __future__ import annotations

import yaml

from .errors import ValidationError

_SYNTAX_HINTS = (
    ("found character '\\t'", "不能用 Tab 键缩进或对齐，请改用空格"),
    ("mapping values are not allowed", "此处不能出现“: ”（文字里有冒号加空格时请给整段文字加引号，或检查缩进）"),
    ("could not find expected ':'", "缺少“:”，或者缩进不对"),
    ("expected <block end>", "缩进不一致，请检查这一行与上下行的对齐"),
    ("did not find expected key", "缩进不一致，或者列表项与字段混在一起"),
    ("did not find expected '-'", "列表项的缩进不一致"),
    ("found unexpected end of stream", "引号没有闭合"),
    ("found undefined alias", "引用了未定义的锚点（*…）"),
    ("expected a single document", "文件中只能有一份资料（不要用“---”分隔多份）"),
    # Text that happens to start with a YAML indicator: the fix is always to quote it.
    ("cannot start any token", "文字不能以 @、`、% 等符号开头，请给整段文字加引号"),
    ("while scanning an anchor", "以“&”开头的文字会被当作 YAML 锚点，请给整段文字加引号"),
    ("while scanning an alias", "以“*”开头的文字会被当作 YAML 引用，请给整段文字加引号"),
    ("found duplicate anchor", "锚点（&…）重复，请删去“&”或给整段文字加引号"),
    ("while parsing a tag", "以“!”开头的文字会被当作 YAML 标签，请给整段文字加引号"),
    ("unknown escape character", "双引号里的反斜杠“\\”会被当作转义符，请改用单引号，或写成“\\\\”"),
    ("expected ',' or ']'", "方括号“[”没有闭合，或其中各项之间缺少逗号（文字以“[”开头时请给整段文字加引号）"),
    ("expected ',' or '}'", "花括号“{”没有闭合，或其中各项之间缺少逗号（文字以“{”开头时请给整段文字加引号）"),
)


def syntax_error(e: yaml.YAMLError, text: str, name: str) -> ValidationError:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    if "quoted scalar" in str(getattr(e, "context", "")) and getattr(e, "context_mark", None):
        mark = e.context_mark      # an unclosed quote: point where it opens, not at the end of file
    if mark is not None:
        line = mark.line + 1
    elif isinstance(e, yaml.reader.ReaderError):   # a control character the YAML reader refuses
        line = text.count("\n", 0, max(e.position, 0)) + 1
        # PyYAML stores the offending character as its code point (an int) for str input.
        code = e.character if isinstance(e.character, int) else ord(e.character)
        return ValidationError(f"YAML 语法错误：含有不允许的控制字符（{code:#x}）", file=name, line=line)
    else:
        line = 1
    problem = f"{getattr(e, 'context', '') or ''} {getattr(e, 'problem', '') or ''}"
    msg = next((zh for en, zh in _SYNTAX_HINTS if en in problem), "格式不对，请检查这一行的缩进、冒号和引号")
    lines = text.split("\n")
    if 0 < line <= len(lines) and "：" in lines[line - 1] and ":" not in lines[line - 1]:
        msg += "；是否误用了中文冒号“：”？"
    return ValidationError(f"YAML 语法错误：{msg}", file=name, line=line)
