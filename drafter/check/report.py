"""Findings for a person (a rich table per file) and for scripts (a JSON array)."""
from __future__ import annotations

import json

from .findings import ERROR


def to_json(results) -> str:
    return json.dumps([f.to_json(file) for file, found in results for f in found], ensure_ascii=False, indent=2)


def print_findings(results, console) -> None:
    from rich.markup import escape
    from rich.table import Table
    for file, found in results:
        errors = sum(f.severity == ERROR for f in found)
        if not found:
            console.print(f"[bold]{escape(file)}[/]：[green]未发现问题[/]")
            continue
        t = Table(title=f"{escape(file)}：{errors} 个错误，{len(found) - errors} 个提醒", title_justify="left",
                  show_lines=False, expand=False)
        for col in ("位置", "级别", "问题", "修改建议"):
            t.add_column(col, overflow="fold")
        for f in found:
            where = f"第{f.line}{'段' if file.lower().endswith('.docx') else '行'}" if f.line else "全文"
            sev = f"[red]{f.severity}[/]" if f.severity == ERROR else f"[yellow]{f.severity}[/]"
            t.add_row(where, sev, escape(f.message), escape(f.fix))
        console.print(t)
