"""Decoding inputs that are not UTF-8: a page's declared charset, then Windows-1252, then detection."""
from __future__ import annotations

import pytest

from cleaner.errors import InputError
from cleaner.io.sources import decode

WESTERN = [
    "Le café de la gare a rouvert ses portes, déjà très fréquenté par les habitués.\n",
    "Größere Änderungen für die Übersetzung wurden schön und müde beschlossen.\n",
    "El niño comió en España, ¿verdad? Sí, señor, con mucha alegría.\n",
    "São Paulo é a cidade mais populosa; ação, coração e não são palavras.\n",
    "Perché è così difficile? La città è più bella già di mattina.\n",
    "Hij zei “hallo” — en vertrok… het is goed zo.\n",
]


@pytest.mark.parametrize("text", WESTERN)
def test_short_western_text_in_windows_1252(text):
    assert decode(text.encode("cp1252")) == (text, "cp1252")


@pytest.mark.parametrize("text, encoding", [
    ("Привет, как дела? Это текст на русском языке, довольно длинный.\n", "cp1251"),
    ("Zażółć gęślą jaźń. Pchnąć w tę łódź jeża lub ośm skrzyń fig.\n", "cp1250"),
])
def test_other_legacy_encodings_are_still_detected(text, encoding):
    assert decode(text.encode(encoding)) == (text, encoding)


def test_a_page_declaring_its_charset_is_read_with_it():
    page = '<html><head><meta charset="windows-1251"><title>Новости</title></head></html>'
    assert decode(page.encode("cp1251")) == (page, "cp1251")
    old = ('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
           "<p>Caf\u00e9 \u201cnoir\u201d</p>")
    assert decode(old.encode("cp1252")) == (old, "cp1252")  # Latin-1 labels mean Windows-1252


def test_a_wrong_declaration_falls_back_to_detection():
    page = '<meta charset="utf-8"><p>Le café est fermé aujourd\u2019hui, désolé.</p>'
    assert decode(page.encode("cp1252")) == (page, "cp1252")


def test_binary_is_still_refused():
    with pytest.raises(InputError, match="not text"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00", "x.png")
