"""Reading input files into text lines: encodings detected from the bytes, .docx paragraphs."""
from __future__ import annotations

import codecs

from .errors import InputError


def decode_bytes(data: bytes, name: str = "") -> str:
    """Decode text in UTF-8 (BOM or not), UTF-16 (BOM or not) or GB18030/GBK.

    Raises InputError for binary data. The order matters: UTF-8 is strict and
    rarely decodes GBK by accident; GB18030 decodes almost anything, so it is
    tried last and its result checked for control characters.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _check(data[3:].decode("utf-8", errors="strict"), name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _check(data.decode("utf-16"), name)
    if _looks_utf16(data):
        enc = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        try:
            return _check(data.decode(enc), name)
        except UnicodeDecodeError:
            pass
    try:
        return _check(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    try:
        return _check(data.decode("gb18030"), name)
    except UnicodeDecodeError:
        raise InputError("无法识别文件编码（支持 UTF-8、GB18030/GBK、UTF-16），可能不是文本文件", file=name)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4:
        return False
    zeros = sample.count(0)
    return zeros > len(sample) // 8


def _check(text: str, name: str) -> str:
    """Reject text with many control characters: a binary file that happened to decode."""
    sample = text[:20000]
    if sample:
        bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
        if bad > max(2, len(sample) // 200):
            raise InputError("文件内容不是文本（含大量控制字符），可能是二进制文件", file=name)
    return text
