"""The parsing facade: files in, Documents out."""
from __future__ import annotations


from .ingest import expand_paths, read_lines
from .model import Document
from .normalize import normalize_lines
from .structure import build_documents


def parse_text(text: str, file: str = "") -> list[Document]:
    return build_documents(normalize_lines(text.splitlines()), file)


def parse_file(path) -> list[Document]:
    raw, hints = read_lines(path)
    return build_documents(normalize_lines(raw, hints or None), str(path))


def parse_paths(paths) -> list[Document]:
    docs: list[Document] = []
    for p in expand_paths(paths):
        docs.extend(parse_file(p))
    return docs
