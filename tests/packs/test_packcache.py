"""The shipped packs are kept between runs, and any change of a rule file rebuilds them."""
from __future__ import annotations

import os
import pickle

import pytest

import cleaner.packs.cache as packcache
import cleaner.packs.ruleset as ruleset_module
from cleaner.packs.ruleset import load_ruleset

from ..conftest import FIXTURES


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(folder))
    return folder


def _fail_if_parsed(monkeypatch):
    def refuse(path, level):
        raise AssertionError(f"{path} was parsed again")
    monkeypatch.setattr(ruleset_module, "load_pack", refuse)


def test_second_load_reads_the_cache(cache, monkeypatch):
    first = load_ruleset()
    assert len(list(cache.glob("shipped-packs-*.pickle"))) == 1
    _fail_if_parsed(monkeypatch)
    second = load_ruleset()
    assert [r.id for r in second.rules] == [r.id for r in first.rules]
    assert second.packs[0] is not first.packs[0]  # each load gets objects of its own


def test_a_changed_rule_file_is_parsed_again(cache, tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    (rules / "generic").mkdir(parents=True)
    (rules / "sites").mkdir()
    pack = rules / "generic" / "mine.toml"
    pack.write_text((FIXTURES / "user-block-end" / "rules.toml").read_text())
    monkeypatch.setattr(ruleset_module, "builtin_rules_dir", lambda: rules)
    before = [r.id for r in load_ruleset().rules]
    text = pack.read_text().replace("[pack]", "[pack]\ndisable = []", 1)
    pack.write_text(text)
    os.utime(pack, ns=(pack.stat().st_atime_ns, pack.stat().st_mtime_ns + 10_000_000))
    parsed = []
    real = ruleset_module.load_pack
    monkeypatch.setattr(ruleset_module, "load_pack", lambda p, level: parsed.append(p) or real(p, level))
    assert [r.id for r in load_ruleset().rules] == before
    assert parsed == [pack]


def test_a_broken_cache_is_rebuilt(cache):
    expected = [r.id for r in load_ruleset().rules]
    (stored,) = cache.glob("shipped-packs-*.pickle")
    stored.write_bytes(b"not a pickle")
    assert [r.id for r in load_ruleset().rules] == expected
    assert pickle.loads(stored.read_bytes())  # written again


def test_an_empty_setting_switches_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("CLEANER_CACHE_DIR", "")
    assert packcache.cache_dir() is None
    load_ruleset()
    assert not any(tmp_path.iterdir())


def test_an_unwritable_folder_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert load_ruleset().rules


def test_a_user_override_does_not_reach_the_cache(cache, tmp_path):
    load_ruleset()
    user = tmp_path / "user.toml"
    user.write_text('[pack]\nname = "u"\n[[rule]]\nid = "generic/ads/label"\nkind = "line"\nmessage = "m"\n'
                    'phrases = ["zzz"]\n  [[rule.example]]\n  input = "zzz\\nkept\\n"\n  expect = "kept\\n"\n')
    replaced = load_ruleset([user])
    assert [r.info.pack for r in replaced.rules if r.id == "generic/ads/label"] == ["u"]
    again = load_ruleset()
    assert [r.info.pack for r in again.rules if r.id == "generic/ads/label"] != ["u"]


def test_a_changed_module_of_cleaner_changes_the_key(tmp_path, monkeypatch):
    package = tmp_path / "cleaner"
    package.mkdir()
    module = package / "prefilter.py"
    module.write_text("# v1\n")
    monkeypatch.setattr(packcache, "__file__", str(package / "packcache.py"))
    before = packcache.cache_key([])
    module.write_text("# v2, the translation changed\n")
    assert packcache.cache_key([]) != before
