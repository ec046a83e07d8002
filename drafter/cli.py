"""The command line: parses options, calls the library, prints. No logic lives here."""
from __future__ import annotations

import json
import os
import sys

import click

from .errors import DrafterError

CONTEXT = {"help_option_names": ["-h", "--help"]}

# Click's own usage messages, in Chinese.
_CLICK_ZH = [
    ("No such option", "没有这个选项"),
    ("Missing argument", "缺少参数"),
    ("Missing option", "缺少选项"),
    ("No such command", "没有这个命令"),
    ("Invalid value for", "取值无效"),
    ("Got unexpected extra argument", "多余的参数"),
    ("Got unexpected extra arguments", "多余的参数"),
    ("requires an argument", "需要一个值"),
    ("is not one of", "不是以下之一"),
    ("is not a valid integer", "不是有效的整数"),
    ("Did you mean", "是否应为"),
]


def _zh(msg: str) -> str:
    for en, zh in _CLICK_ZH:
        msg = msg.replace(en, zh)
    return msg


def _stderr():
    from rich.console import Console
    return Console(stderr=True, highlight=False)


def fail(message: str, code: int = 2) -> None:
    click.echo(f"错误：{message}", err=True)
    sys.exit(code)


@click.group(context_settings=CONTEXT, help="drafter：离线起草工作总结、工作计划、政府工作报告。")
@click.version_option(package_name="drafter", message="drafter %(version)s")
def cli() -> None:
    pass


@cli.command("parse", help="把文件拆分为文档并显示每篇文档的提纲（.txt 任意常见中文编码，或 .docx；目录则读取其下所有文件）。")
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供脚本使用）。")
@click.option("--bank", type=click.Path(file_okay=False), default=None, help="模板库目录（用于判断文档类型）。")
def parse_cmd(files, as_json, bank) -> None:
    from .parser import parse_paths
    from .bank import classify_documents
    docs = parse_paths(files)
    classify_documents(docs, bank)
    if as_json:
        click.echo(json.dumps([d.to_json() for d in docs], ensure_ascii=False, indent=2))
        return
    from .show import print_outlines
    print_outlines(docs)


def main() -> None:
    try:
        cli.main(standalone_mode=False, prog_name="drafter")
    except DrafterError as e:
        click.echo(f"错误：{e}", err=True)
        sys.exit(e.exit_code)
    except click.exceptions.Abort:
        click.echo("已取消。", err=True)
        sys.exit(130)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.UsageError as e:
        hint = f"（查看帮助：{e.ctx.command_path} --help）" if e.ctx else ""
        click.echo(f"用法错误：{_zh(e.format_message())}{hint}", err=True)
        sys.exit(2)
    except click.ClickException as e:
        click.echo(f"错误：{_zh(e.format_message())}", err=True)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        click.echo("\n已中断。", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as e:  # never a traceback for a user; DRAFTER_DEBUG=1 shows it
        if os.environ.get("DRAFTER_DEBUG"):
            raise
        click.echo(f"内部错误：{type(e).__name__}: {e}（设置 DRAFTER_DEBUG=1 可查看详细信息，请报告此问题）", err=True)
        sys.exit(1)
