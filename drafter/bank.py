"""Locating and reading a bank (the directory `drafter mine` writes)."""
from __future__ import annotations

import json
from pathlib import Path

from .errors import BankError


def default_bank_dir() -> Path:
    """The bank shipped in the wheel; in a source checkout, the repo's top level."""
    try:
        from importlib.resources import files
        p = Path(str(files("drafter.default_bank")))
        if (p / "manifest.json").is_file():
            return p
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent


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
        d.kind = classify(d, manifest["kinds"]) or ""
