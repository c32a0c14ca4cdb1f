"""Decoding: byte-order marks, UTF-8, detected legacy encodings, binary refused."""
from __future__ import annotations

import pytest

from cleaner.io.detect import detect_input_type
from cleaner.errors import InputError
from cleaner.io.sources import decode


def test_utf8_and_boms():
    assert decode("é".encode()) == ("é", "utf-8")
    assert decode(b"\xef\xbb\xbfabc")[0] == "abc"
    assert decode("hé".encode("utf-16"))[0] == "hé"


def test_legacy_encoding_is_detected():
    text = "Überraschung: Müller sagt, dass Größe zählt, und öfter als man denkt. " * 5
    decoded, encoding = decode(text.encode("cp1252"))
    assert decoded == text and encoding != "utf-8"


def test_binary_is_refused():
    with pytest.raises(InputError, match=r"^x.bin: not text \(binary data\)$"):
        decode(b"PK\x03\x04\x00\x00", "x.bin")


@pytest.mark.parametrize("text,suffix,kind", [
    ("<!DOCTYPE html><html><body>x</body></html>", "", "html"),
    ("<html>", ".txt", "text"),
    ("---\ntitle: x\n---\nbody", "", "markdown"),
    ("Just words.", "", "text"),
    ("Just words.", ".md", "markdown"),
    ("<div><p>a</p><p>b</p><span>c</span><a>d</a><br></div>", "", "html"),
])
def test_detect_input_type(text, suffix, kind):
    assert detect_input_type(text, suffix) == kind
