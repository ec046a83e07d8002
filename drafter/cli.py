"""The command line: parses options, calls the library, prints. No logic lives here."""
from __future__ import annotations

import json
import os
import sys

import click

from . import clickzh
from .errors import DrafterError

clickzh.install()      # click's own messages in Chinese, translated in one place
CONTEXT = {"help_option_names": ["-h", "--help"]}


def _stderr():
    from rich.console import Console
    return Console(stderr=True, highlight=False)


def _readable(paths) -> list:
    """The files to read; files in a directory that are not readable documents are skipped with
    a warning naming each (a file named on the command line that is not one is an error)."""
    from .ingest import expand_paths
    skipped: list = []
    files = expand_paths(paths, skipped)
    if skipped:
        click.echo(f"警告：跳过 {len(skipped)} 个无法读取的文件或目录，其余 {len(files)} 个照常处理：", err=True)
        for f, why in skipped:
            click.echo(f"  {f}：{why}", err=True)
    return files


@click.group(context_settings=CONTEXT, help="drafter：离线起草工作总结、工作计划、政府工作报告。")
@click.version_option(package_name="drafter", message="drafter %(version)s", help="显示版本并退出。")
def cli() -> None:
    pass


@cli.command("parse", help="把文件拆分为文档并显示每篇文档的提纲（.txt 任意常见中文编码，或 .docx；目录则读取其下所有文件）。")
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供脚本使用）。")
@click.option("--bank", type=click.Path(file_okay=False), default=None, help="模板库目录（用于判断文档类型）。")
def parse_cmd(files, as_json, bank) -> None:
    from .parser import parse_paths
    from .bank import classify_documents
    docs = parse_paths(_readable(files))
    classify_documents(docs, bank)
    if as_json:
        click.echo(json.dumps([d.to_json() for d in docs], ensure_ascii=False, indent=2))
        return
    from .show import print_outlines
    print_outlines(docs)


@cli.command("mine", help="从语料挖掘文档类型、章节骨架和常用语，写出 templates/、phrasebank/ 和 manifest.json。")
@click.argument("corpus", nargs=-1, required=True)
@click.option("-o", "--out", "out", required=True, type=click.Path(file_okay=False), help="输出目录（模板库）。")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="并行进程数（默认：2，单核机器为 1）。结果与进程数无关。")
@click.option("--min-support", type=click.IntRange(2, 10000), default=2, show_default=True,
              help="常用语至少出现在多少篇不同文档中。")
@click.option("--force", is_flag=True, help="输出目录中已有模板库时覆盖它。")
def mine_cmd(corpus, out, jobs, min_support, force) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from .mining.config import MinerConfig
    from .bankio import check_bank_target
    from .mining.miner import mine
    from .mining.parallel import default_jobs
    from .show import print_mine_summary
    check_bank_target(out, force)
    corpus = _readable(corpus)
    labels = {"parse": "解析文档", "segment": "分词", "phrases": "挖掘常用语", "merge": "合并与筛选"}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=_stderr(), transient=True) as bar:
        tasks: dict = {}

        def step(what, done, total):
            if what not in tasks:
                tasks[what] = bar.add_task(labels[what], total=total)
            bar.update(tasks[what], completed=done, total=total)
        if jobs is None:
            jobs = default_jobs(corpus)
        result = mine(corpus, out, jobs=jobs, cfg=MinerConfig(min_support=min_support), progress=step)
    print_mine_summary(result, out, _stderr())


@cli.command("kinds", help="列出模板库中的文档类型。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@click.option("--bank", type=click.Path(file_okay=False), default=None, help="模板库目录（默认为随包附带的模板库）。")
def kinds_cmd(as_json, bank) -> None:
    from .bank import load_manifest
    kinds = load_manifest(bank)["kinds"]
    if as_json:
        out = [{"id": k["id"], "name": k["name"], "support": k["support"],
                "skeleton": [{"role": r["role"], "name": r["name"], "count": r.get("count", 0),
                              "optional": r.get("optional", False)}
                             for r in k["skeleton"]]} for k in kinds]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    from .show import print_kinds
    print_kinds(kinds)


@cli.command("init", help="生成某类文档的 YAML 填写骨架（带中文注释）。")
@click.argument("kind")
@click.option("-o", "--out", "out", type=click.Path(), default=None,
              help="写入文件（以 .yaml 结尾；否则为目录，文件名为类型 ID）；默认输出到屏幕。")
@click.option("--force", is_flag=True, help="覆盖已有文件。")
@click.option("--bank", type=click.Path(file_okay=False), default=None, help="模板库目录。")
def init_cmd(kind, out, force, bank) -> None:
    from pathlib import Path
    from .bank import load_manifest, resolve_kind
    from .unit import skeleton_yaml
    kid, name = resolve_kind(kind, bank, field=None)
    k = next(k for k in load_manifest(bank)["kinds"] if k["id"] == kid)
    text = skeleton_yaml(kid, name, k.get("frame"), k["support"])
    if out is None:
        click.echo(text, nl=False)
        return
    from .output import atomic_write, plan_output
    path, _ = plan_output(out, None, stem=kid, default_dir=Path("."), formats=("yaml", "yml"))
    atomic_write(path, text.encode("utf-8"), force=force)
    click.echo(f"已写出 {path}", err=True)


@cli.command("render", help="由单位 YAML 生成草稿（docx / md / txt）。")
@click.argument("units", nargs=-1, required=True)
@click.option("-o", "--out", "out", type=click.Path(), default=None, help="输出文件（单个输入）或目录（多个输入）。")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "txt"]), default=None, help="输出格式（默认按扩展名，否则 docx）。")
@click.option("--force", is_flag=True, help="覆盖已有文件。")
@click.option("--layout", type=click.Path(dir_okay=False), default=None, help="版式配置 YAML（覆盖默认的 GB/T 9704 版式）。")
@click.option("--reference", type=click.Path(), default=None,
              help="本单位的 .docx（如模板）：沿用其页面设置、样式、页眉页脚和版头，正文按 GB/T 9704 写入。")
@click.option("--bank", type=click.Path(file_okay=False), default=None, help="模板库目录。")
def render_cmd(units, out, fmt, force, layout, reference, bank) -> None:
    from .render import render_batch
    from .show import print_render_summary
    ref = None
    if reference:
        from .writers.reference import load_reference
        ref = load_reference(reference)
        if ref.note:
            click.echo(ref.note, err=True)
    results = render_batch(units, out, fmt, force, layout, bank, reference=ref)
    print_render_summary(results, _stderr())
    if any(r["error"] for r in results):
        sys.exit(2 if len(results) == 1 else 1)


@cli.command("check", help="检查草稿或报告：遗留占位符、过时年份、他单位名称、序号、数字与表述、规范表述、"
             "与语料雷同的段落（查重），.docx 另查版式。有错误时退出码为 1。")
@click.argument("files", nargs=-1, required=True)
@click.option("--unit", type=click.Path(dir_okay=False), default=None, help="单位 YAML：核对其中每个数据在文中的写法。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（检查结果的数组）。")
@click.option("--bank", type=click.Path(file_okay=False), default=None, help="模板库目录（查重所用的语料数据随库生成）。")
@click.option("--layout", type=click.Path(dir_okay=False), default=None, help="版式配置 YAML（默认为 GB/T 9704 版式）。")
def check_cmd(files, unit, as_json, bank, layout) -> None:
    from .check import check_paths
    from .check.report import print_findings, to_json
    results = check_paths(files, unit=unit, bank=bank, layout=layout)
    if as_json:
        click.echo(to_json(results))
    else:
        from .show import Console
        print_findings(results, Console(highlight=False))
    sys.exit(1 if any(f.is_error for _, found in results for f in found) else 0)


@cli.command("phrase", help="查找常用语：按相关度和篇数排列，附例句及出处；不带关键词时列出各类别及条数。")
@click.argument("query", required=False)
@click.option("-c", "--category", default=None, help="只看某一类（类别 ID 或中文名，如 opener 或 开头用语）。")
@click.option("-k", "--kind", default=None, help="只看某类文档中出现的常用语（类型 ID 或中文名）。")
@click.option("-n", "--limit", type=click.IntRange(0), default=10, show_default=True, help="最多显示几条（0 为不限）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（常用语条目的数组）。")
@click.option("--bank", type=click.Path(file_okay=False), default=None, help="模板库目录（默认为随包附带的模板库）。")
def phrase_cmd(query, category, kind, limit, as_json, bank) -> None:
    from .lookup import lookup
    result = lookup(query, category=category, kind=kind, limit=limit, bank=bank)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    from .show import print_phrases
    print_phrases(result)


@cli.command("draft", help="在终端中逐节交互起草：选类型，按章节回答问题（可选常用语、可预览、输入 < 返回上一步），"
             "写出草稿和回答文件（drafter render 回答文件可重新生成同一草稿）。中断后用回答文件继续。")
@click.argument("unit", required=False)
@click.option("--kind", default=None, help="文档类型（类型 ID 或中文名；默认取 YAML 中的 kind，否则从列表选择）。")
@click.option("-o", "--out", "out", type=click.Path(), default=None,
              help="草稿文件（默认与 YAML 同名同目录，或当前目录下的“草稿.docx”）；回答保存为同目录的 <文件名>.answers.yaml。")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "txt"]), default=None, help="输出格式（默认按扩展名，否则 docx）。")
@click.option("--force", is_flag=True, help="覆盖已有的草稿和回答文件。")
@click.option("--bank", type=click.Path(file_okay=False), default=None, help="模板库目录。")
def draft_cmd(unit, kind, out, fmt, force, bank) -> None:
    from .draft_ui import run_draft
    sys.exit(run_draft(unit, kind, out, fmt, force, bank))


@cli.command("extract", help="从一份往期报告（.docx 或 .txt）提取单位资料 YAML，drafter render 可据此重新生成；"
             "--next 滚动到下一时段（本期数值变为上年同期，新数值留空待填）。")
@click.argument("report")
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False), default=None, help="输出 YAML（默认与报告同目录同名 .yaml）。")
@click.option("--next", "next_period", is_flag=True, help="滚动到下一时段：上半年 → 全年，全年 → 次年上半年。")
@click.option("--doc", type=click.IntRange(1), default=None, help="材料汇编中的第几篇（从 1 起）。")
@click.option("--force", is_flag=True, help="覆盖已有文件。")
@click.option("--bank", type=click.Path(file_okay=False), default=None, help="模板库目录。")
def extract_cmd(report, out, next_period, doc, force, bank) -> None:
    from .extract import extract_file
    from .extract_yaml import summary
    ex, path = extract_file(report, out, doc, next_period, force, bank)
    click.echo(summary(ex, str(path)), err=True)
    for n in ex.notes:
        click.echo(f"注意：{n}", err=True)


def main(argv: list[str] | None = None) -> None:
    """The console script. Exits with 0, 1 (part of a batch failed), 2 (bad input) or 130."""
    try:
        cli.main(args=argv, standalone_mode=False, prog_name="drafter")
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
        click.echo(f"用法错误：{clickzh.message(e)}{hint}", err=True)
        sys.exit(2)
    except click.ClickException as e:
        click.echo(f"错误：{clickzh.message(e)}", err=True)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        click.echo("\n已中断。", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # the reader went away (`| head`): send what is still buffered nowhere, so that the
        # flush at exit does not fail and turn a normal end into exit code 1
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except Exception as e:  # never a traceback or an exception name for a user; DRAFTER_DEBUG=1 shows it
        if os.environ.get("DRAFTER_DEBUG"):
            raise
        err = _known(e)
        if err is not None:
            click.echo(f"错误：{err}", err=True)
            sys.exit(err.exit_code)
        click.echo("内部错误：drafter 出现了意外的问题（设置环境变量 DRAFTER_DEBUG=1 可查看详细信息，请报告此问题）",
                   err=True)
        sys.exit(1)


def _known(e: Exception):
    """An error from below the library's checks whose cause a user can act on, as a DrafterError."""
    from .errors import os_error, template_error
    if isinstance(e, OSError):    # no file name: writing to stdout (a redirect onto a full disk)
        return os_error(e, doing="读写" if e.filename else "输出结果")
    if "jinja2" in sys.modules and isinstance(e, sys.modules["jinja2"].TemplateError):
        return template_error(e)
    return None
