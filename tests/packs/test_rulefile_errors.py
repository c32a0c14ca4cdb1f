"""Rule files are checked strictly, with ``path:line: rule-id: problem`` messages."""
from __future__ import annotations

import pytest

from cleaner.errors import RuleFileError
from cleaner.packs.rulefile import load_pack
from cleaner.packs.ruleset import USER, load_ruleset

HEAD = '[pack]\nname = "t"\n\n'
EXAMPLE = '  [[rule.example]]\n  input = "a\\n"\n  expect = "a\\n"\n'


def error_for(tmp_path, text: str) -> str:
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_ruleset([path], builtin=False)
    return str(info.value).replace(str(path), "r.toml")


def test_unknown_key_names_line_and_rule(tmp_path):
    text = HEAD + '[[rule]]\nid = "t/x"\nkind = "line"\nmessage = "m"\npatern = "x"\n' + EXAMPLE
    assert error_for(tmp_path, text) == (
        'r.toml:8: t/x: unknown key "patern" for kind line (known: contains, example, id, inputs, '
        'kind, max_chars, message, page_types, pattern, phrases, region)')


def test_missing_required_field(tmp_path):
    text = HEAD + '[[rule]]\nid = "t/x"\nkind = "between"\nmessage = "m"\nstart = "a"\n' + EXAMPLE
    assert error_for(tmp_path, text) == 'r.toml:4: t/x: missing required key "end" for kind between'


def test_line_rule_needs_phrases_or_pattern(tmp_path):
    text = HEAD + '[[rule]]\nid = "t/x"\nkind = "line"\nmessage = "m"\n' + EXAMPLE
    assert error_for(tmp_path, text) == 'r.toml:4: t/x: a line rule needs "phrases" or "pattern" (or both)'


def test_phrase_without_letters(tmp_path):
    text = HEAD + '[[rule]]\nid = "t/x"\nkind = "line"\nmessage = "m"\nphrases = ["ok", "--"]\n' + EXAMPLE
    assert error_for(tmp_path, text) == (
        "r.toml:8: t/x: \"phrases\": '--': a phrase must have a letter or digit and at most 60 characters")


def test_wrong_type(tmp_path):
    text = HEAD + '[[rule]]\nid = "t/x"\nkind = "capture"\nmessage = "m"\npattern = "(?P<site>x)"\ndrop = "yes"\n' + EXAMPLE
    assert error_for(tmp_path, text) == 'r.toml:9: t/x: "drop" must be a boolean, not string'


def test_pattern_that_does_not_compile(tmp_path):
    text = HEAD + '[[rule]]\nid = "t/x"\nkind = "line"\nmessage = "m"\npattern = "(unclosed"\n' + EXAMPLE
    msg = error_for(tmp_path, text)
    assert msg.startswith("r.toml:8: t/x: \"pattern\": bad pattern '(unclosed': missing )")


def test_unknown_kind(tmp_path):
    text = HEAD + '[[rule]]\nid = "t/x"\nkind = "lines"\nmessage = "m"\n' + EXAMPLE
    assert error_for(tmp_path, text).startswith('r.toml:6: t/x: unknown kind "lines" (known: ')


def test_capture_group_must_be_a_metadata_field(tmp_path):
    text = HEAD + '[[rule]]\nid = "t/x"\nkind = "capture"\nmessage = "m"\npattern = "(?P<colour>x)"\n' + EXAMPLE
    assert error_for(tmp_path, text).startswith('r.toml:8: t/x: group "colour" is not a metadata field')


def test_a_users_rule_without_example_loads_with_a_warning(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(HEAD + '[[rule]]\nid = "t/x"\nkind = "line"\nmessage = "m"\npattern = "x"\n')
    ruleset = load_ruleset([path], builtin=False)
    assert [r.id for r in ruleset.rules] == ["t/x"]
    assert ruleset.warnings == [f'{path}:4: t/x: no example: add at least one [[rule.example]] with "input" '
                                'and "expect" (a warning: `cleaner rules test` has nothing to check)']


def test_a_rule_without_example_is_an_error_for_shipped_packs_and_the_rule_tools(tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(HEAD + '[[rule]]\nid = "t/x"\nkind = "line"\nmessage = "m"\npattern = "x"\n')
    for level, required in ((0, None), (USER, True)):
        with pytest.raises(RuleFileError) as info:
            load_pack(path, level, examples_required=required)
        assert str(info.value) == (f'{path}:4: t/x: no example: add at least one [[rule.example]] with "input" '
                                   'and "expect"')


def test_every_problem_of_a_typo_is_reported_in_one_run(tmp_path):
    text = HEAD + '[[rule]]\nid = "t/x"\nkind = "line"\nmesage = "m"\npattern = "(x"\n' + EXAMPLE
    assert error_for(tmp_path, text).splitlines() == [
        'r.toml:4: t/x: missing required key "message"',
        'r.toml:7: t/x: unknown key "mesage" for kind line (known: contains, example, id, inputs, kind, '
        'max_chars, message, page_types, pattern, phrases, region)',
        "r.toml:8: t/x: \"pattern\": bad pattern '(x': missing ) at position 2",
    ]


def test_problems_of_several_files_come_together(tmp_path):
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text(HEAD + '[[rule]]\nid = "t/' + name[0] + '"\nkind = "nope"\nmessage = "m"\n'
                                     + EXAMPLE)
    with pytest.raises(RuleFileError) as info:
        load_ruleset([tmp_path], builtin=False)
    assert [line.split(": ")[1] for line in str(info.value).splitlines()] == ["t/a", "t/b"]


def test_bad_region(tmp_path):
    text = HEAD + '[[rule]]\nid = "t/x"\nkind = "line"\nmessage = "m"\npattern = "x"\nregion = { first = 0 }\n' + EXAMPLE
    assert error_for(tmp_path, text) == (
        'r.toml:9: t/x: "region" must be "anywhere", { first = N } or { last = N } with N > 0')


def test_block_until_end_needs_end_pattern(tmp_path):
    text = HEAD + '[[rule]]\nid = "t/x"\nkind = "block"\nmessage = "m"\nstart = "x"\nuntil = "end"\n' + EXAMPLE
    assert error_for(tmp_path, text) == 'r.toml:9: t/x: until = "end" needs an "end" pattern'


def test_invalid_toml_reports_its_line(tmp_path):
    text = HEAD + '[[rule]]\nid = "t/x\n'
    assert error_for(tmp_path, text).startswith("r.toml:5: invalid TOML: ")


def test_missing_pack_table(tmp_path):
    assert error_for(tmp_path, '[[rule]]\nid = "x"\n').splitlines() == [
        'r.toml: missing [pack] table (with at least name = "...")',
        'r.toml:1: x: missing required key "kind"',
        'r.toml:1: x: missing required key "message"',
    ]


def test_unknown_pack_key(tmp_path):
    assert error_for(tmp_path, '[pack]\nname = "t"\ndomain = ["x.com"]\n') == (
        'r.toml:3: [pack]: unknown key "domain" (known: name, description, domains, fingerprints, disable)')


def test_duplicate_id_across_user_files(tmp_path):
    rule = '[[rule]]\nid = "t/x"\nkind = "line"\nmessage = "m"\npattern = "x"\n' + EXAMPLE
    (tmp_path / "a.toml").write_text(HEAD + rule)
    (tmp_path / "b.toml").write_text('[pack]\nname = "u"\n\n' + rule)
    with pytest.raises(RuleFileError) as info:
        load_ruleset([tmp_path], builtin=False)
    assert str(info.value).endswith("b.toml:4: t/x: duplicate rule id (also in %s)" % (tmp_path / "a.toml"))


def test_disable_unknown_rule(tmp_path):
    path = tmp_path / "d.toml"
    path.write_text('[pack]\nname = "t"\ndisable = ["generic/nope"]\n')
    with pytest.raises(RuleFileError) as info:
        load_ruleset([path])
    assert str(info.value) == f'{path}: disable: no rule "generic/nope" is loaded'


def test_nothing_half_applied_on_error(tmp_path):
    good = HEAD + '[[rule]]\nid = "t/ok"\nkind = "line"\nmessage = "m"\npattern = "x"\n' + EXAMPLE
    (tmp_path / "a.toml").write_text(good)
    (tmp_path / "b.toml").write_text('[pack]\nname = "b"\n[[rule]]\nid = "b/x"\n')
    with pytest.raises(RuleFileError):
        load_ruleset([tmp_path])
