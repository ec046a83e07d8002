"""What every command shows a user: help in Chinese."""
import re

import pytest

COMMANDS = ["parse", "mine", "kinds", "init", "render", "draft", "phrase"]


@pytest.mark.parametrize("args", [[], *[[c] for c in COMMANDS]], ids=lambda a: a[0] if a else "drafter")
def test_help_is_in_chinese(cli, args):
    r = cli(*args, "--help")
    assert r.returncode == 0, r.stderr
    for english in ("Show this message", "Show the version", "Usage:", "Options:", "Commands:", "default:"):
        assert english not in r.stdout, english
    assert "显示帮助并退出" in r.stdout
    assert re.search(r"用法：\s*drafter", r.stdout)
