"""Reading inputs: bytes from a file or stdin, decoded to text, with one clear error if not.

Decoding order: a byte-order mark, then UTF-8, then detection (charset-normalizer,
imported only when UTF-8 fails). Binary data is refused rather than turned into
mojibake.
"""
from __future__ import annotations

import codecs
import sys
from pathlib import Path

from .errors import InputError
from .model import Source

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """Return ``(text, encoding)``; raises ``InputError`` for binary or undecodable bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise InputError(name, f"undecodable: byte-order mark says {encoding} but the bytes are not") from None
    if b"\x00" in data[:8192]:
        raise InputError(name, "not text (binary data)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:1_000_000]))
    if not matches:
        raise InputError(name, "undecodable: not UTF-8 and no other encoding fits")
    best = matches[0]
    # Short Western texts fit several single-byte code pages equally well; the
    # web's usual one (what HTML5 reads "latin-1" as) is the better guess then.
    tied = [m for m in matches if m.chaos <= best.chaos + 0.01]
    best = next((m for m in tied if m.encoding == "cp1252"), best)
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        raise InputError(name, f"undecodable: not UTF-8, and not {best.encoding} throughout") from None


def encode(text: str, encoding: str, like: bytes = b"") -> bytes:
    """Encode ``text`` the way ``decode`` found ``like``: same codec, same byte-order mark.

    Used to write a file back after editing it: ``decode`` took a UTF-16/32 byte
    order from the mark, so the same mark and order are written again.
    """
    if encoding in ("utf-16", "utf-32"):
        for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                           (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
            if codec.startswith(encoding) and like.startswith(bom):
                return bom + text.encode(codec)
    return text.encode(encoding)


def source_from_bytes(data: bytes, name: str = "<input>") -> Source:
    text, encoding = decode(data, name)
    return Source(name=name, text=text, suffix=Path(name).suffix if name != "-" else "", encoding=encoding)


def source_from_text(text: str, name: str = "<input>") -> Source:
    return Source(name=name, text=text, suffix=Path(name).suffix if name != "-" else "")


def read_source(name: str) -> Source:
    """Read a path, or standard input for ``-``; raises ``InputError`` with the reason."""
    if name == "-":
        return source_from_bytes(sys.stdin.buffer.read(), "-")
    path = Path(name)
    try:
        if path.is_dir():
            raise InputError(name, "is a directory (use cleaner batch for folders)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None
    return source_from_bytes(data, name)
