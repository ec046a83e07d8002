"""Locating and reading a bank (the directory `drafter mine` writes)."""
from __future__ import annotations

import json
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
    if not (p / "manifest.json").is_file():
        raise BankError("不是有效的模板库目录（缺少 manifest.json），请先运行 drafter mine 生成", file=str(p))
    return p


def load_manifest(bank: str | Path | None) -> dict:
    p = bank_dir(bank)
    try:
        return json.loads((p / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise BankError(f"manifest.json 无法读取（{e}）", file=str(p / "manifest.json"))


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
