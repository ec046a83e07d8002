"""Rich views for a person: outlines, tables. Only formatting lives here."""
from __future__ import annotations

from rich.console import Console
from rich.tree import Tree
from rich.markup import escape


def print_outlines(docs, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    by_file: dict[str, list] = {}
    for d in docs:
        by_file.setdefault(d.file, []).append(d)
    for file, items in by_file.items():
        console.print(f"[bold]{escape(file)}[/]：{len(items)} 篇文档")
        for d in items:
            title = escape(d.title) if d.title else "[italic]（无标题）[/]"
            kind = f"  [green]{escape(d.kind)}[/]" if d.kind else ""
            root = Tree(f"[bold cyan]{title}[/]  [dim]第{d.start_line}–{d.end_line}行[/]{kind}")
            stack = [(0, root)]
            for h in d.headings:
                while stack and stack[-1][0] >= h.level:
                    stack.pop()
                parent = stack[-1][1] if stack else root
                label = f"{escape(h.marker)}{escape(h.text)}" + ("[dim] …[/]" if h.inline else "")
                node = parent.add(f"{label}  [dim]{h.line}[/]")
                stack.append((h.level, node))
            if d.signature:
                root.add(f"[magenta]落款：{escape(d.signature.unit)} {escape(d.signature.date)}[/]")
            console.print(root)
        console.print()


def print_kinds(kinds, console: Console | None = None) -> None:
    from rich.table import Table
    console = console or Console(highlight=False)
    t = Table(title="文档类型")
    for col in ("类型 ID", "名称", "文档数", "章节骨架"):
        t.add_column(col)
    for k in kinds:
        sk = " → ".join(f"{r['name']}{'（可选）' if r['optional'] else ''}" for r in k["skeleton"])
        t.add_row(k["id"], k["name"], str(k["support"]), sk)
    console.print(t)


def print_mine_summary(result, out, console: Console) -> None:
    from collections import Counter
    from rich.table import Table
    t = Table(title=f"挖掘完成：{result['files']} 个文件，{result['documents']} 篇文档 → {out}")
    t.add_column("项目")
    t.add_column("数量", justify="right")
    for k in result["kinds"]:
        t.add_row(f"类型 {k['id']}（{k['name']}）", str(k["support"]))
    for cat, n in sorted(Counter(e["category"] for e in result["phrases"]).items()):
        t.add_row(f"常用语 · {cat}", str(n))
    t.add_row("常用语合计", str(len(result["phrases"])))
    console.print(t)


def print_render_summary(results, console: Console) -> None:
    from rich.table import Table
    t = Table(title="生成结果")
    for col in ("输入", "输出", "结果"):
        t.add_column(col)
    for r in results:
        t.add_row(escape(str(r["input"])), escape(str(r["output"] or "")),
                  f"[red]{escape(r['error'])}[/]" if r["error"] else "[green]已写出[/]")
    console.print(t)
    for r in results:
        if r["error"]:
            # One unbroken line: a wrap could split the file name or field a user or script looks for.
            console.print(f"错误：{escape(r['error'])}", soft_wrap=True)
