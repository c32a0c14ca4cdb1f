"""cleaner rules validate / test / schema, and the JSON Schema shipped in rules/."""
from __future__ import annotations

import json
import tomllib

import pytest

from cleaner.packs.schema import SCHEMA_FILE, render_schema, rule_file_schema

from ..conftest import ROOT, run_cli

GOOD = '''[pack]
name = "house"

[[rule]]
id = "house/promo"
kind = "line"
message = "promotion line"
pattern = '^Promo:'

  [[rule.example]]
  input = "Promo: buy now\\nThe article.\\n"
  expect = "The article.\\n"
'''


def test_shipped_packs_validate_and_their_examples_pass():
    """What CI runs over rules/: every shipped pack is valid and every inline example passes."""
    proc = run_cli("rules", "validate", "rules")
    assert proc.returncode == 0 and proc.stdout == b"", proc.stdout
    assert proc.stderr.decode().endswith("rules: valid\n")
    proc = run_cli("rules", "test", "rules")
    assert proc.returncode == 0, proc.stdout.decode()
    assert proc.stderr.decode().endswith("rules: all pass\n")


def test_validate_reports_every_bad_file_with_its_line(tmp_path):
    (tmp_path / "good.toml").write_text(GOOD)
    (tmp_path / "typo.toml").write_text(GOOD.replace("house", "typo").replace("pattern =", "patern ="))
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "unscoped.toml").write_text(GOOD.replace("house", "site"))
    proc = run_cli("rules", "validate", str(tmp_path))
    assert proc.returncode == 2
    unscoped, typo = proc.stdout.decode().splitlines()
    assert unscoped == f"{tmp_path / 'sites' / 'unscoped.toml'}: a site pack needs domains or fingerprints in [pack]"
    assert typo.startswith(f'{tmp_path / "typo.toml"}:8: typo/promo: unknown key "patern" for kind line (known: ')
    assert proc.stderr.decode() == "cleaner: 2 invalid rule files\n"


def test_validate_catches_duplicate_ids_across_files(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD)
    (tmp_path / "b.toml").write_text(GOOD.replace('name = "house"', 'name = "other"'))
    proc = run_cli("rules", "validate", str(tmp_path))
    assert proc.returncode == 2 and "house/promo: duplicate rule id" in proc.stdout.decode()


def test_test_reports_failing_examples_with_their_line(tmp_path):
    (tmp_path / "house.toml").write_text(GOOD.replace('expect = "The article.\\n"', 'expect = "Nope.\\n"'))
    proc = run_cli("rules", "test", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stdout.decode() == (f"{tmp_path / 'house.toml'}:10: house/promo: example 1: "
                                    "expected 'Nope.\\n', got 'The article.\\n'\n")
    assert run_cli("rules", "test", "-v", str(tmp_path / "missing")).returncode == 2


def test_shipped_schema_is_the_generated_one():
    shipped = ROOT / "rules" / SCHEMA_FILE
    assert shipped.read_text(encoding="utf-8") == render_schema(), \
        "rules/rule-file.schema.json is stale: python -m cleaner rules schema > rules/rule-file.schema.json"
    assert run_cli("rules", "schema").stdout.decode() == render_schema()


def test_schema_lists_every_kind_and_its_fields():
    from cleaner.kinds import KINDS

    schema = rule_file_schema()
    for name, cls in KINDS.items():
        branch = schema["definitions"][f"kind-{name}"]
        assert set(branch["properties"]) == {"id", "kind", "message", "inputs", "page_types", "example"} | set(cls.schema)
        assert branch["properties"]["kind"]["const"] == name


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")  # a dev dependency
    schema = json.loads((ROOT / "rules" / SCHEMA_FILE).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_every_shipped_pack_fits_the_schema(validator):
    packs = sorted(p for p in (ROOT / "rules").rglob("*.toml")
                   if "fitted" not in p.relative_to(ROOT / "rules").parts)  # fitted parameters: not packs
    assert packs
    for path in packs:
        errors = [e.message for e in validator.iter_errors(tomllib.loads(path.read_text(encoding="utf-8")))]
        assert not errors, f"{path}: {errors}"


@pytest.mark.parametrize("change", [
    ('pattern =', 'patern ='),  # an unknown key
    ('kind = "line"', 'kind = "lines"'),  # an unknown kind
    ('[pack]\nname = "house"', '[pack]\ntitle = "house"'),  # pack without a name
    ("  [[rule.example]]\n  input", "  [[rule.example]]\n  imput"),  # an example's key
])
def test_schema_rejects_what_the_loader_rejects(validator, tmp_path, change):
    text = GOOD.replace(*change)
    assert list(validator.iter_errors(tomllib.loads(text)))
    (tmp_path / "x.toml").write_text(text)
    assert run_cli("rules", "validate", str(tmp_path)).returncode == 2
