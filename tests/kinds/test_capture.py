from cleaner.metadata import Metadata

from .helper import apply


def test_named_groups_become_fields_and_date_is_iso():
    body = 'kind = "capture"\npattern = \'^(?P<dateline>\\w+), (?P<date>\\w+ \\d+, \\d{4})$\'\ndrop = true'
    out, meta, dropped = apply(body, "Paris, April 8, 2025\nBody.\n")
    assert meta == {"dateline": "Paris", "date": "2025-04-08"} and dropped == [1] and out == "Body.\n"


def test_without_drop_the_line_stays():
    out, meta, _ = apply('kind = "capture"\npattern = \'^By (?P<author>.+)$\'', "By Ann Lee\nBody.\n")
    assert meta == {"author": ["Ann Lee"]} and out == "By Ann Lee\n\nBody.\n"


def test_list_fields_collect_and_split():
    body = 'kind = "capture"\npattern = \'^Tags: (?P<tags>.+)$\'\nsplit = \',\\s*\''
    assert apply(body, "Tags: a, b\nTags: b, c\n")[1] == {"tags": ["a", "b", "c"]}


def test_first_match_wins_and_higher_priority_is_kept():
    meta = Metadata()
    meta.set("site", "From front matter", "front-matter", priority=3)
    body = 'kind = "capture"\npattern = \'^Site: (?P<site>.+)$\''
    assert apply(body, "Site: one\nSite: two\n")[1] == {"site": "one"}
    assert apply(body, "Site: one\n", meta)[1] == {"site": "From front matter"}
