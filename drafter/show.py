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
