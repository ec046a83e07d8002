"""Typed errors. Every one reaches the user as one clear Chinese line, exit code 2."""
from __future__ import annotations


class DrafterError(Exception):
    """Bad input or usage. `str()` is the Chinese message shown to the user."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None):
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        super().__init__(self.format())

    def format(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.line:
            where.append(f"第{self.line}行")
        if self.field:
            where.append(f"字段“{self.field}”")
        prefix = "，".join(where)
        return f"{prefix}：{self.message}" if prefix else self.message


class InputError(DrafterError):
    """A file that cannot be read or decoded."""


class ValidationError(DrafterError):
    """A unit YAML (or layout profile) that does not match the schema."""


class BankError(DrafterError):
    """A bank directory that is missing or broken."""


class OutputError(DrafterError):
    """An output path that cannot or may not be written."""


class WorkerError(DrafterError):
    """A helper process of `drafter mine` that died or failed: not the user's input."""

    exit_code = 1
