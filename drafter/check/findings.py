"""What a check finds: one finding per defect, with the line (paragraph for .docx) it is on."""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "错误"
NOTE = "提醒"


@dataclass(frozen=True)
class Finding:
    line: int          # 1-based line of the input (paragraph for .docx); 0: the whole file
    severity: str      # ERROR or NOTE
    rule: str          # rule id, e.g. "leftover.placeholder"
    message: str       # what is wrong, in Chinese
    fix: str = ""      # how to fix it, where there is one
    source: str = ""   # for copying: the corpus document's title

    def to_json(self, file: str = "") -> dict:
        out = {"file": file, "line": self.line, "severity": self.severity, "rule": self.rule,
               "message": self.message}
        if self.fix:
            out["fix"] = self.fix
        if self.source:
            out["source"] = self.source
        return out

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def sort_key(f: Finding) -> tuple:
    return (f.line, f.severity != ERROR, f.rule, f.message)
