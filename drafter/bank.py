"""Locating and reading a bank (the directory `drafter mine` writes)."""
from __future__ import annotations

import json
import os
from pathlib import Path

from .errors import BankError


def default_bank_dir() -> Path:
    """The bank shipped in the wheel (drafter/default_bank); in a source checkout, the repo's top level."""
    here = Path(__file__).resolve().parent
    installed = here / "default_bank"
    if (installed / "manifest.json").is_file():
        return installed
    return here.parent


def bank_dir(bank: str | Path | None) -> Path:
    p = Path(bank) if bank else default_bank_dir()
    if not (p / "manifest.json").is_file() and p.is_dir() and any(
            n.startswith(".drafter-bank-") for n in _names(p)):
        from .bankio import recover      # a `drafter mine` killed while swapping banks: put the old one back
        recover(p)
    if not (p / "manifest.json").is_file():
        raise BankError("不是有效的模板库目录（缺少 manifest.json），请先运行 drafter mine 生成", file=str(p))
    return p


def _names(p: Path) -> list[str]:
    try:
        return os.listdir(p)
    except OSError:
        return []



def load_manifest(bank: str | Path | None) -> dict:
    """The bank's manifest, checked: valid JSON, every kind with an id, name and template."""
    p = bank_dir(bank)
    f = p / "manifest.json"
    try:
        raw = f.read_bytes()
    except OSError as e:
        from .errors import os_cause
        raise BankError(f"manifest.json 无法读取：{os_cause(e)}", file=str(f)) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BankError("manifest.json 不是 UTF-8 文本，模板库可能已损坏，请重新运行 drafter mine", file=str(f)) from None
    except json.JSONDecodeError as e:
        raise BankError("manifest.json 不是有效的 JSON（可能被手工改动或没有写完整），请重新运行 drafter mine",
                        file=str(f), line=e.lineno) from None
    kinds = data.get("kinds") if isinstance(data, dict) else None
    if not isinstance(kinds, list) or not kinds:
        raise BankError("manifest.json 中没有文档类型（kinds），模板库不完整，请重新运行 drafter mine", file=str(f))
    for i, k in enumerate(kinds):
        if not isinstance(k, dict) or not all(isinstance(k.get(x), str) and k.get(x) for x in ("id", "name")):
            raise BankError(f"manifest.json 中第 {i + 1} 个文档类型缺少 id 或 name，模板库不完整", file=str(f))
        k.setdefault("support", 0)
        k.setdefault("skeleton", [])
        if not isinstance(k["skeleton"], list) or not all(
                isinstance(r, dict) and isinstance(r.get("role"), str) and isinstance(r.get("name"), str)
                for r in k["skeleton"]):
            raise BankError(f"manifest.json 中文档类型“{k['id']}”的章节骨架（skeleton）不完整，请重新运行 drafter mine",
                            file=str(f))
    return data


def classify_documents(docs, bank=None) -> None:
    """Fill each document's `kind` from the bank's kind profiles; leave it empty without a bank."""
    try:
        manifest = load_manifest(bank)
    except BankError:
        if bank:
            raise
        return
    from .mining.kinds import classify
    for d in docs:
        d.kind = classify(d, manifest["kinds"], manifest.get("features")) or ""


def resolve_kind(kind: str, bank=None, field: str | None = "kind") -> tuple[str, str]:
    """A kind given by id or Chinese name → (id, name); a clear error with suggestions otherwise."""
    import difflib
    kinds = load_manifest(bank)["kinds"]
    for k in kinds:
        if kind == k["id"]:
            return k["id"], k["name"]
    named = [k for k in kinds if kind == k["name"]]
    if len(named) == 1:
        return named[0]["id"], named[0]["name"]
    if named:
        # a bank mined before names were unique: a name must not silently pick one of several
        raise BankError(f"文档类型名称“{kind}”对应多个类型（{'、'.join(k['id'] for k in named)}），请改用类型编号",
                        field=field)
    names = [k["id"] for k in kinds] + [k["name"] for k in kinds]
    near = difflib.get_close_matches(kind, names, n=1, cutoff=0.4)
    hint = f"，是否应为“{near[0]}”？" if near else "。"
    listing = "、".join(f"{k['id']}（{k['name']}）" for k in kinds)
    # `field`: where the kind was given (a YAML field; None for a command-line option)
    raise BankError(f"未知的文档类型“{kind}”{hint}可用类型：{listing}", field=field)


def known_kinds(bank=None) -> dict[str, str]:
    return {k["id"]: k["name"] for k in load_manifest(bank)["kinds"]}
