"""Bytes to text: encoding detection and the checks that make input usable.

Order: a BOM decides; else valid UTF-8; else UTF-16 without BOM (many NULs at
odd or even positions); else charset-normalizer's best guess limited to the
encodings Arabic text comes in (cp1256, ISO-8859-6, cp720, MacArabic).  Binary
data (NUL bytes that are not UTF-16, or mostly control characters) is refused.
"""
from __future__ import annotations

import codecs
import re

from rasd.errors import InputError

# A news article is a few KB; 5 MB is already a book.  Raise with --max-mb.
DEFAULT_MAX_MB = 5
_ARABIC = re.compile("[\u0621-\u064a]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_ARABIC_ENCODINGS = ["cp1256", "iso8859_6", "cp720", "mac_arabic"]


def decode_bytes(data: bytes, *, path: str = "<input>", max_mb: float = DEFAULT_MAX_MB) -> str:
    """Decode an article file's bytes, or raise an InputError that says why not."""
    size_mb = len(data) / 1_000_000
    if size_mb > max_mb:
        raise InputError("E105", path=path, size=f"{size_mb:.1f}", limit=max_mb)
    if not data.strip():
        raise InputError("E101", path=path)
    text = _decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_text(text, path=path)
    return text


def check_text(text: str, *, path: str = "<input>") -> None:
    """Refuse empty, binary-looking or non-Arabic text."""
    if not text.strip():
        raise InputError("E101", path=path)
    sample = text[:20000]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise InputError("E102", path=path, detail="control characters in the text")
    if not _ARABIC.search(text):
        raise InputError("E104", path=path)


def _decode(data: bytes, path: str) -> str:
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError("E103", path=path, detail=f"{enc}: {exc.reason}") from None
    utf16 = _utf16_guess(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise InputError("E102", path=path, detail="NUL bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, path)


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without a BOM: Arabic or ASCII text has a NUL or 0x06 in every other byte."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    hi = (0, 6)
    if sum(b in hi for b in odd) > 0.9 * len(odd) and even.count(0) < len(even) * 0.1:
        return "utf-16-le"
    if sum(b in hi for b in even) > 0.9 * len(even) and odd.count(0) < len(odd) * 0.1:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes, path: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_ARABIC_ENCODINGS).best()
    if best is not None:
        return str(best)
    for enc in _ARABIC_ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError("E103", path=path, detail="not UTF-8, UTF-16 or an Arabic code page")
