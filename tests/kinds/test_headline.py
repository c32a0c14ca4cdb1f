"""The headline kind: the page's headline element, kept for the extractor and noted for the text."""
from __future__ import annotations

from .html_helper import rules_of, run

HEADLINE = '''
[[rule]]
id = "t/headline"
kind = "headline"
message = "headline"
selector = "h1"
{extra}
  [[rule.example]]
  input = "<h1>A title here</h1><p>Body.</p>"
  expect = "Body.\\n"
'''


def test_headline_keeps_the_element_for_the_extractor_and_notes_it(tmp_path):
    rules = rules_of(tmp_path, HEADLINE.format(extra="capture = true"))
    page, lines = run(rules, "<html><head><title>Big News | Site</title></head><body><h1>Site</h1>"
                             "<h1>Big News</h1><h1>A section</h1><p>Body.</p></body></html>")
    assert lines[:3] == ["Site", "Big News", "A section"]  # still in the tree
    assert page.headlines["t/headline"] == ["Site", "Big News"]
    assert page.metadata.fields["title"] == "Site"
    assert page.metadata.sources["title"] == "t/headline"
