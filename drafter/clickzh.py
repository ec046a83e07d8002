"""click's own messages (usage errors, help headings) in Chinese: the one place they are translated.

click looks every message up through gettext in the modules below; drafter answers those
lookups from this table, so an option out of range or a path of the wrong type reads in Chinese.
"""
from __future__ import annotations

import re

import click

_TEXT = {
    # help
    "Usage:": "用法：", "Options": "选项", "Commands": "命令", "Positional arguments": "参数",
    "Show this message and exit.": "显示帮助并退出。", "Show the version and exit.": "显示版本并退出。",
    "default: {default}": "默认：{default}", "required": "必填", "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）", "deprecated": "已弃用", "Aborted!": "已取消。",
    # usage errors
    "Missing command.": "缺少命令。", "Missing argument": "缺少参数", "Missing option": "缺少选项",
    "Missing parameter": "缺少参数", "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option {name!r}.": "没有选项“{name}”。", "No such command {name!r}.": "没有命令“{name}”。",
    "Did you mean {possibility}?": "是否应为 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否应为以下之一：{possibilities}？）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Invalid value: {message}": "取值无效：{message}",
    "Error: {message}": "错误：{message}", "Try '{command} {option}' for help.": "查看帮助：{command} {option}",
    "unknown error": "未知错误", "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Option {name!r} does not take a value.": "选项“{name}”不带值。",
    "Option {name!r} requires an argument.": "选项“{name}”需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项“{name}”需要 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Value must be an iterable.": "取值应为多个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    # parameter types ("file", "directory", "path" stay English: they are also the help's metavars,
    # whose columns click aligns by character count; message() translates them)
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not {choice}.": "“{value}”无效，只能是 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”无效，只能是以下之一：{choices}。",
    "{value} is not in the range {range}.": "{value} 超出允许的范围（{range}）。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的开关值，可用：{states}",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的 UUID。",
    "{value!r} does not match the format {format}.": "“{value}”不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "“{value}”不符合以下格式：{formats}。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给了 {len_value} 个。",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "“{filename}”是一个文件，这里需要{name}。",
    "{name} {filename!r} is a directory.": "“{filename}”是一个目录，这里需要{name}。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”不可读。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”不可写。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不可执行。",
}
_NUMBER = {"integer": "整数", "integer range": "整数", "float": "数字", "float range": "数字",
           "text": "文字", "boolean": "开关值", "choice": "选项"}
_PATH_KIND = {"file": "文件", "directory": "目录", "path": "路径"}


def gettext(msg: str) -> str:
    return _TEXT.get(msg, msg)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    for mod in (click.core, click.formatting, click.decorators, click.types, click.exceptions, click.parser):
        if hasattr(mod, "_"):
            mod._ = gettext
        if hasattr(mod, "ngettext"):
            mod.ngettext = ngettext
    # ranges and number types are not looked up through gettext
    click.IntRange._describe_range = _describe_range
    click.FloatRange._describe_range = _describe_range
    click.types.IntParamType.name = "integer"


def _describe_range(self) -> str:
    lo, hi = self.min, self.max
    if lo is not None and hi is not None:
        return f"{lo}～{hi}"
    if lo is not None:
        return f"不小于 {lo}" if not self.min_open else f"大于 {lo}"
    return f"不大于 {hi}" if not self.max_open else f"小于 {hi}"


def message(e: click.ClickException) -> str:
    """A click exception's message, with the words gettext does not cover (type names) translated."""
    msg = e.format_message()
    msg = re.sub(r"有效的(integer range|float range|integer|float|text|boolean|choice)",
                 lambda m: "有效的" + _NUMBER[m.group(1)], msg)
    kind = "(?i:(file|directory|path))"      # click's path type names, where the templates above put them
    msg = re.sub(f"这里需要{kind}。", lambda m: f"这里需要{_PATH_KIND[m.group(1).lower()]}。", msg)
    msg = re.sub(f"^{kind}“", lambda m: f"{_PATH_KIND[m.group(1).lower()]}“", msg)
    msg = re.sub(r"(缺少(?:参数|选项)) (.*)\.$", r"\1 \2。", msg)     # click adds the hint and a full stop itself
    return msg.replace("。 ", "。")
