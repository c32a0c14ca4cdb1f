"""The Python API: what `import cleaner` offers and how it refuses wrong arguments."""
from __future__ import annotations

import pytest

import cleaner


def test_errors_and_render_are_exported():
    for name in ("CleanerError", "RuleFileError", "ConfigError", "InputError", "DocumentTimeout", "BatchError"):
        assert issubclass(getattr(cleaner, name), Exception)
    result = cleaner.clean("Hello there, this is the story.\n", kind="text")
    assert cleaner.render(result) == "Hello there, this is the story.\n"
    assert cleaner.render(result, "json").startswith("{")


@pytest.mark.parametrize("kind", ["htm", "HTML", ""])
def test_a_wrong_kind_is_a_value_error_not_markup_returned_as_text(kind):
    with pytest.raises(ValueError, match="kind must be one of html, markdown, text"):
        cleaner.clean("<p>Hello</p>", kind=kind)


@pytest.mark.parametrize("limit", [0, -1, float("nan"), float("inf"), True])
def test_a_wrong_time_limit_is_a_value_error(limit):
    with pytest.raises(ValueError, match="time_limit must be a finite number"):
        cleaner.clean("text", time_limit=limit)


def test_a_time_limit_is_applied():
    rules = cleaner.load_ruleset()
    assert cleaner.clean("Body of the story here.\n", ruleset=rules, time_limit=5).text == "Body of the story here.\n"


def test_render_refuses_an_unknown_format():
    with pytest.raises(ValueError, match="fmt must be one of"):
        cleaner.render(cleaner.clean("x\n", kind="text"), "yaml")
