"""`drafter draft` in a terminal: asks a Session's questions line by line and shows previews.

Reads with `input()`, which works the same on a terminal and on a pipe (one line per prompt, an
empty line takes the default). On a terminal `readline` is loaded when the platform has it, so
editing Chinese keeps the screen right (wide characters, cursor keys) and ↑ recalls earlier
answers and the default of the current question, to edit instead of retyping. Ctrl-C and end of input save the answers
so far and say how to resume; a draft is written only when the interview is complete.
"""
from __future__ import annotations

import copy
import shlex

import re
import sys
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from .draft import (BACK, Invalid, Session, answers_yaml, expand_picks, finish, is_back, plan_outputs,
                    save_partial)
from .errors import BankError, InputError, OutputError, ValidationError

EXIT_INTERRUPTED = 130   # Ctrl-C
EXIT_EOF = 1             # input ended before the interview did: answers saved, no draft


_SURROGATE = re.compile("[\ud800-\udfff]")


class _Cancel(Exception):
    """`<` typed inside a phrase insertion: drop it and ask the question again."""


class TerminalUI:
    def __init__(self, console: Console | None = None):
        self.console = console or Console(highlight=False, soft_wrap=True)
        self.echo = not sys.stdin.isatty()   # piped answers are echoed so a transcript reads like a dialogue
        self.readline = None
        if not self.echo:
            try:
                import readline          # noqa: F401  (input() edits lines through it once loaded)
                self.readline = readline
            except ImportError:          # Windows without pyreadline: plain input
                pass

    def offer(self, default: str | None) -> None:
        """Put the default in the history, so ↑ brings it back to edit."""
        rl = self.readline
        if rl and default and (rl.get_current_history_length() == 0
                               or rl.get_history_item(rl.get_current_history_length()) != default):
            rl.add_history(default)

    def say(self, text: str = "", style: str | None = None) -> None:
        self.console.print(escape(text), style=style)

    def read(self) -> str:
        while True:
            try:
                line = input("> ")
            except UnicodeDecodeError:
                line = "\udc80"
            if _SURROGATE.search(line):    # bytes that are not UTF-8 (a GBK terminal), kept as surrogates
                self.say("无法识别输入的文字编码，请重新输入（终端应使用 UTF-8）", "red")
                continue
            if self.echo:
                self.console.print(escape(line))
            return line

    def drive(self, s: Session) -> None:
        for n in s.notes:
            self.say(f"注意：{n}（将重新询问）", "yellow")
        shown, group = None, None
        while (q := s.current()) is not None:
            if q.id != shown:
                if q.group != group:
                    self.console.print()
                    self.console.rule(escape(f"【{q.group}】"), style="cyan")
                    group = q.group
                for ln in (q.intro() if q.intro else []):
                    self.say(ln, "dim")
                for i, c in enumerate(q.choices, 1):
                    self.say(f"  {i}. {c}")
                shown = q.id
            parts = [q.label]
            if q.default:
                parts.append(f"［回车＝{q.default}］")
            tips = [t for t in (q.hint, "#编号 插入常用语" if q.phrases else "",
                                "↑ 调出原文修改" if self.readline and q.default else "", f"{BACK} 返回上一步") if t]
            self.console.print(f"[bold]{escape(''.join(parts))}[/]  [dim]（{escape('；'.join(tips))}）[/]")
            self.offer(q.default)
            raw = self.read()
            if is_back(raw):
                if not s.back():
                    self.say("已是第一步。", "yellow")
                shown = None
                continue
            if q.phrases and re.search(r"[#＃]\d", raw):
                try:
                    raw = self._insert_phrases(raw, q, s)
                except _Cancel:
                    continue
            try:
                s.answer(raw)
            except Invalid as e:
                self.say(f"✗ {e}", "red")
                continue
            nxt = s.current()
            # a part is previewed once it is finished, not after each of its entries
            if q.preview and (nxt is None or nxt.group != q.group):
                self.show_preview(s, q.preview)

    def _insert_phrases(self, raw: str, q, s: Session) -> str:
        def ask(slot: str, label: str) -> str:
            self.console.print(f"常用语中的【{escape(label)}】填写什么？[dim]（回车留空；{BACK} 取消插入）[/]")
            v = self.read().strip()
            if is_back(v):
                raise _Cancel
            return v
        text = expand_picks(raw.strip(), q.phrases, s.slot_values(), ask)
        self.say(f"插入常用语后：{text}", "green")
        self.console.print(f"回车确认，或输入修改后的全文[dim]（{BACK} 取消）[/]")
        v = self.read().strip()
        if is_back(v):
            raise _Cancel
        return v or text

    def show_preview(self, s: Session, role: str) -> None:
        lines, why = s.preview(role)
        if why:
            self.say(why, "dim")
            return
        self.say("预览：", "green")
        for ln in lines:
            self.say(f"  {ln}")


def _save_or_show(session: Session, outputs, err: Console) -> None:
    """Save the answers so far; if even that fails (the disk filled up meanwhile), print them."""
    try:
        save_partial(session, outputs)
    except OutputError:
        _show_answers(session, err)
        raise


def _show_answers(session: Session, err: Console) -> None:
    err.print("\n回答无法写入文件。以下是目前的回答，可复制保存为 .yaml 文件，再用 drafter draft 该文件 继续：")
    sys.stdout.write(answers_yaml(session.data))
    sys.stdout.flush()


def _shell(path) -> str:
    """A path as typed in a shell: quoted only when it has to be."""
    p = str(path)
    return shlex.quote(p) if re.search(r"[\s'\"$`\\!*?&;|<>()#~]", p) else p


def run_draft(unit_path: str | None, kind: str | None, out: str | None, fmt: str | None, force: bool,
              bank: str | None) -> int:
    """The whole command; returns the exit code. Everything is checked before the first question:
    the input can be read, the bank and kind are good, the draft and answers can be written."""
    if sys.stdin is None or sys.stdin.closed:
        raise InputError("标准输入已关闭，无法逐项回答问题；请在终端中运行，或用管道提供回答")
    session = Session.from_file(Path(unit_path) if unit_path else None, bank, kind)
    from .render import check_templates
    check_templates(session.bdir, session.kinds)
    outputs = plan_outputs(Path(unit_path) if unit_path else None, out, fmt, force, resuming=session.resuming)
    ui = TerminalUI()
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    ui.say(f"drafter draft：逐节回答问题生成草稿。草稿将写到 {outputs.draft}，回答保存在 {outputs.answers}。", "bold")
    ui.say(f"直接回车采用［］中的默认值；输入 {BACK} 返回上一步；可选项输入 - 清除；"
           "按 Ctrl-C 可随时中断（已填的回答会保存，之后可继续）。", "dim")
    if session.resuming:
        ui.say("继续上次未完成的起草。", "yellow")
    start = (copy.deepcopy(session.data), session.pos)
    try:
        ui.drive(session)
        try:
            finish(session, outputs)
        except Invalid as e:     # the finish question validates first; this is a safety net
            _save_or_show(session, outputs, err)
            raise ValidationError(f"回答不完整：{e}；回答已保存，可用 drafter draft 继续", file=str(outputs.answers))
        except OutputError as e:     # the disk filled up or went read-only during the interview
            if e.file == str(outputs.answers):
                _show_answers(session, err)
            raise
        except BankError:        # a template that fails only when filled: keep the answers, blame the template
            _save_or_show(session, outputs, err)
            raise
    except (KeyboardInterrupt, EOFError) as e:
        what = "已中断" if isinstance(e, KeyboardInterrupt) else "输入已结束，但还有问题没有回答"
        code = EXIT_INTERRUPTED if isinstance(e, KeyboardInterrupt) else EXIT_EOF
        if (session.data, session.pos) == start and not session.resuming:
            # nothing answered in this run: an answers file would only block the next run
            err.print(f"\n{what}：这次没有回答任何问题，草稿和回答都未写出。")
            return code
        _save_or_show(session, outputs, err)
        err.print(f"\n{what}：草稿未生成。目前的回答已保存到 {escape(str(outputs.answers))}")
        err.print(f"继续起草：drafter draft {escape(_shell(outputs.answers))} -o {escape(_shell(outputs.draft))}")
        return code
    ui.say(f"已写出草稿 {outputs.draft}", "green")
    ui.say(f"已保存回答 {outputs.answers}（drafter render {outputs.answers} 可重新生成同样的草稿）", "green")
    return 0
