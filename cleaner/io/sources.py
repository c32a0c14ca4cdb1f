"""Reading inputs: bytes from a file or stdin, decoded to text, with one clear error if not.

Decoding order: a byte-order mark, then UTF-8, then the charset a page declares,
then Windows-1252 when it fits, then detection (charset-normalizer, imported
only when UTF-8 fails). Binary data is refused rather than turned into
mojibake.
"""
from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path

from ..errors import InputError
from ..model import Source

# A page's own declaration: <meta charset=...>, <meta http-equiv=... content="...; charset=...">
# or <?xml ... encoding="..."?>.
_DECLARED = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{2,40})"""
                       rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)
WESTERN_MAX_CHAOS = 0.1
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, name: str = "<input>", charset: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``; raises ``InputError`` for binary or undecodable bytes.

    ``charset`` is one a transport declared (an HTTP ``Content-Type`` in a web
    archive): as in browsers it comes right after a byte-order mark, and is
    ignored when the bytes do not decode with it.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise InputError(name, f"undecodable: byte-order mark says {encoding} but the bytes are not") from None
    if b"\x00" in data[:8192]:
        bomless = _bomless_utf16(data)
        if bomless is not None:
            return bomless
        raise InputError(name, "not text (binary data)")
    declared = _normal_charset(charset) if charset else None
    if declared:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration is common: fall back to detection
    from charset_normalizer import from_bytes

    sample = data[:1_000_000]
    # Detection is unreliable on short Western European text (it picks cp1257 or
    # cp1250 for plain French or German), and Windows-1252 is by far the most
    # common legacy encoding there: take it whenever it fits without chaos.
    western = from_bytes(sample, cp_isolation=["cp1252"]).best()
    if western is not None and western.chaos <= WESTERN_MAX_CHAOS:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    best = from_bytes(sample).best()
    if best is None:
        raise InputError(name, "undecodable: not UTF-8 and no other encoding fits")
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        raise InputError(name, f"undecodable: not UTF-8, and not {best.encoding} throughout") from None


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark, told by its zero bytes, or None.

    Text in a Latin, Greek or Cyrillic script has a zero in every other byte
    (the high byte of each code unit) and almost none in the others; binary
    data has zeros anywhere. The whole file must then decode, and read as text.
    """
    sample = data[:8192]
    if len(data) % 2 or len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= half * 0.3 and others <= half * 0.01:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            shown = sum(1 for c in text[:4096] if c.isprintable() or c in "\n\r\t")
            return (text, codec) if "\x00" not in text and shown >= 0.95 * min(len(text), 4096) else None
    return None


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


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document names for itself in its first bytes, if any."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    return _normal_charset((m.group(1) or m.group(2)).decode("ascii"))


def _normal_charset(name: str) -> str | None:
    """A charset label as Python's codec name; Latin-1 and ASCII read as Windows-1252."""
    name = name.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    # As browsers do (WHATWG Encoding): pages labelled Latin-1 or ASCII are Windows-1252, and a
    # UTF-16 or UTF-32 label in bytes that carry no such byte-order mark means UTF-8 (the label
    # was read from single-byte text, so the page cannot be in a two- or four-byte encoding).
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def source_from_bytes(data: bytes, name: str = "<input>", charset: str | None = None) -> Source:
    text, encoding = decode(data, name, charset)
    return Source(name=name, text=text, suffix=Path(name).suffix if name != "-" else "", encoding=encoding)


def source_from_text(text: str, name: str = "<input>") -> Source:
    return Source(name=name, text=text, suffix=Path(name).suffix if name != "-" else "")


def read_bytes(name: str) -> bytes:
    """The bytes of a path, or of standard input for ``-``; raises ``InputError`` with the reason."""
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    try:
        if path.is_dir():
            raise InputError(name, "is a directory (use cleaner batch for folders)")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None


def read_source(name: str) -> Source:
    """Read and decode a path, or standard input for ``-``; raises ``InputError`` with the reason."""
    return source_from_bytes(read_bytes(name), name)
