"""Rich views for a person: outlines, tables. Only formatting lives here."""
from __future__ import annotations

from rich.console import Console as _RichConsole
from rich.tree import Tree
from rich.markup import escape


class Console(_RichConsole):
    """rich's console, except that a reader going away (`drafter phrase 在 | head`) is a normal
    end: rich exits with code 1 there, which the contract reserves for a partly failed batch."""

    def on_broken_pipe(self) -> None:
        raise BrokenPipeError


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
            console.print(f"错误：{escape(r['error'])}", soft_wrap=True)
        for f in r.get("warnings") or []:
            where = f"第{f.line}{'段' if str(r['output']).endswith('.docx') else '行'}" if f.line else "全文"
            console.print(f"[yellow]警告[/]：{escape(str(r['output']))} {where}：{escape(f.message)}"
                          "（草稿已写出，请修改后再用 drafter check 复查）", soft_wrap=True)


def phrase_markup(text: str, query: str | None = None) -> str:
    """An entry's text as rich markup: slots as 〔中文名〕 in cyan, the query's occurrences in bold."""
    from .lookup import SLOT, SLOT_LABELS
    pieces = SLOT.split(text)  # literal, slot name, literal, …
    out = []
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(f"[bold cyan]〔{escape(SLOT_LABELS.get(piece, piece))}〕[/]")
        else:
            out.append(_mark(piece, query, "bold yellow"))
    return "".join(out)


def _mark(text: str, needle: str | None, style: str) -> str:
    """Escaped text with each occurrence of needle wrapped in style."""
    needle = needle.strip() if needle else ""
    if not needle or needle not in text:
        return escape(text)
    return f"[{style}]{escape(needle)}[/]".join(escape(part) for part in text.split(needle))


def print_phrases(result, console: Console | None = None) -> None:
    """`drafter phrase`: the hits with category, support and one example; or the category sizes."""
    from .lookup import category_sizes, pick_example, shorten, snippet
    console = console or Console(highlight=False)
    idx = result.index
    kind = f"（{escape(result.kind[1])}）" if result.kind else ""
    if result.query is None and result.category is None:
        from rich.table import Table
        t = Table(title=f"常用语类别{kind}")
        for col, just in (("类别 ID", "left"), ("名称", "left"), ("条数", "right")):
            t.add_column(col, justify=just)
        for cid, name, n in category_sizes(idx, result.kind[0] if result.kind else None):
            t.add_row(escape(cid), escape(name), str(n))
        console.print(t)
        console.print("[dim]查找：drafter phrase 领导　看一类：drafter phrase -c opener[/]")
        return
    where = idx.categories.get(result.category, "") if result.category else "常用语"
    if result.query is None:
        head = f"{escape(where)}{kind}共 {result.total} 条，按篇数排列"
    else:
        head = f"与“{escape(result.query)}”相关的{escape(where)}{kind}共 {result.total} 条，按相关度和篇数排列"
    if not result.hits:
        # stderr, so that stdout stays empty for a script (as --json prints [])
        Console(stderr=True, highlight=False).print(
            f"没有找到与“{escape(result.query or '')}”相关的{escape(where)}{kind}。"
            "可换一个更短的关键词，或去掉 --category / --kind 筛选。")
        return
    shown = f"，显示前 {len(result.hits)} 条" if len(result.hits) < result.total else ""
    console.print(f"{head}{shown}：\n")
    from rich.cells import cell_len
    width = len(str(len(result.hits)))
    indent = " " * (width + 2)
    # Examples fit on one line: most characters are Chinese, two cells each.
    chars = max(16, (console.width - len(indent) - 6) // 2)  # 例： and two … besides
    for n, h in enumerate(result.hits, 1):
        e = h.entry
        cat = escape(idx.categories.get(e["category"], e["category"]))
        console.print(f"[bold]{n:>{width}}.[/] {phrase_markup(e['text'], result.query)}"
                      f"  [dim]{cat} · {e['support']} 篇文档[/]")
        picked = pick_example(e, result.query)
        if not picked:
            continue
        ex, anchor = picked
        text = snippet(ex["text"], anchor, chars)
        title = f"——《{shorten(ex.get('title') or '无标题')}》"
        sep = "  " if cell_len(f"{indent}例：{text}  {title}") <= console.width else f"\n{indent}"
        console.print(f"{indent}[dim]例：[/]{_mark(text, anchor, 'bold')}{sep}[dim]{escape(title)}[/]")
