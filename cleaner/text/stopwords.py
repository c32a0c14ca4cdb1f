"""Stop-word lists, read from jusText's package data without importing jusText.

Prose is full of function words ("the", "und", "de", "che"); menus, headlines
and buttons have few. The structural kinds use that density to tell them
apart, in any language jusText ships a list for (about 100).

``import justext`` pulls in lxml, which the text path must not pay for, so the
lists are found with ``importlib.util.find_spec`` (which locates the package
without running it) and read as plain files, once per language per process.
"""
from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

# ISO 639-1 codes of the languages rule files name most often, to jusText's list names.
CODES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech",
    "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "is": "Icelandic",
    "it": "Italian", "ko": "Korean", "la": "Latin", "lt": "Lithuanian", "lv": "Latvian",
    "mk": "Macedonian", "ms": "Malay", "nb": "Norwegian_Bokmal", "nl": "Dutch",
    "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sr": "Serbian",
    "sv": "Swedish", "sw": "Swahili", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian",
    "ur": "Urdu", "vi": "Vietnamese",
}


class StopwordsUnavailable(LookupError):
    """jusText is not installed, or has no list for a language."""


@lru_cache(maxsize=1)
def _folder() -> str:
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise StopwordsUnavailable("the justext package (which ships the stop-word lists) is not installed")
    return os.path.join(list(spec.submodule_search_locations)[0], "stoplists")


def list_name(language: str) -> str:
    """jusText's name of a language's list: an ISO code ("de") or the name itself ("German")."""
    return CODES.get(language.lower(), language)


def check_language(language: str) -> None:
    """Raise ``StopwordsUnavailable`` unless a list exists for ``language``."""
    path = os.path.join(_folder(), f"{list_name(language)}.txt")
    if not os.path.isfile(path):
        raise StopwordsUnavailable(f'no stop-word list for language "{language}" '
                                   f"(use an ISO code such as en, de, fr, or a jusText list name)")


@lru_cache(maxsize=None)
def stopwords(language: str) -> frozenset[str]:
    """The lower-cased stop words of one language."""
    check_language(language)
    with open(os.path.join(_folder(), f"{list_name(language)}.txt"), encoding="utf-8") as handle:
        return frozenset(handle.read().lower().split())  # one word a line; split() is C-fast
