"""cleaner.repo.htmlfix: chrome lines pinned to elements of an HTML source, and cut out of it.

Most tests hand the pinning step a made-up pipeline result, so they say what
the source-side logic does whatever the extractor keeps; one runs the real path.
"""
from __future__ import annotations

from cleaner.repo.fixer import Fixer
from cleaner.repo.htmlfix import _cut, _Page, _pin, _spans
from cleaner.text.keys import words
from cleaner.text.keep import keep_spans
from cleaner.metadata import Metadata
from cleaner.model import Removal, Result


def _result(kept: list[str], chrome: list[str], content: list[str] = ()) -> Result:
    removed = [Removal("r/chrome", 1, t) for t in chrome] + [Removal("r/content", 1, t, False) for t in content]
    return Result(text="\n\n".join(kept) + "\n", metadata=Metadata(), removed=tuple(removed), input_type="html")


def _fix(html: str, result: Result) -> tuple[str, list]:
    page = _Page(html)
    removable, unfixable = _pin(page, result, keep_spans(html))
    spans, _ = _spans(html, [e for e, _ in removable])
    return _cut(html, spans), unfixable


BODY = "<html><head><title>Share</title></head><body>\n{}\n</body></html>\n"


def test_an_element_alone_on_its_line_takes_the_line():
    html = BODY.format("<p>Story text here.</p>\n  <p>ADVERTISEMENT</p>\n<p>More story.</p>")
    fixed, unfixable = _fix(html, _result(["Story text here.", "More story."], ["ADVERTISEMENT"]))
    assert fixed == BODY.format("<p>Story text here.</p>\n<p>More story.</p>") and not unfixable


def test_an_element_sharing_its_line_is_cut_alone():
    html = BODY.format("<p>Story.</p><div class=x><a href=#>Read more</a> &raquo;</div><p>End.</p>")
    fixed, _ = _fix(html, _result(["Story.", "End."], ["Read more »"]))
    assert fixed == BODY.format("<p>Story.</p><p>End.</p>")  # the outermost element with that text


def test_words_ignore_case_spacing_and_punctuation():
    assert words("  Read   MORE »") == words("read more") == ("read", "more")


def test_every_copy_goes_but_head_text_is_never_touched():
    html = BODY.format("<ul><li>Share</li></ul>\n<p>Story.</p>\n<span>Share</span>")
    fixed, _ = _fix(html, _result(["Story."], ["Share"]))
    assert "<title>Share</title>" in fixed
    assert fixed.count("Share") == 1


def test_text_that_is_also_content_is_reported_not_removed():
    html = BODY.format("<p class=crumb>Volcano wakes up</p>\n<h1>Volcano wakes up</h1>\n<p>Story.</p>")
    fixed, unfixable = _fix(html, _result(["Story."], ["Volcano wakes up"], content=["Volcano wakes up"]))
    assert fixed == html
    assert [r.text for _, r in unfixable] == ["Volcano wakes up"]


def test_text_no_element_holds_alone_is_reported_with_its_place():
    html = BODY.format("<p>Story. <b>Follow us</b> on Twitter</p>")
    fixed, unfixable = _fix(html, _result(["Story."], ["Follow us on Twitter"]))
    assert fixed == html
    (offset, removal), = unfixable
    assert html[offset:].startswith("Follow us")


def test_wrappers_holding_media_and_implicitly_closed_elements_stay():
    html = BODY.format('<figure><img src="photo.jpg"><figcaption>Advertisement</figcaption></figure>\n'
                       "<ul><li>Tweet<li>Story.</ul>")
    fixed, unfixable = _fix(html, _result(["Story."], ["Advertisement", "Tweet"]))
    assert '<figure><img src="photo.jpg"></figure>' in fixed  # only the caption went
    assert "<li>Tweet" in fixed  # no end tag: its extent is a guess, so it is left
    assert [r.text for _, r in unfixable] == ["Tweet"]


def test_keep_comments_protect_elements():
    html = BODY.format("<!-- cleaner: keep --><p>Share</p><!-- cleaner: end -->\n<p>Share</p>\n<p>Story.</p>")
    fixed, unfixable = _fix(html, _result(["Story."], ["Share"]))
    assert fixed == BODY.format("<!-- cleaner: keep --><p>Share</p><!-- cleaner: end -->\n<p>Story.</p>")
    assert not unfixable


def test_the_real_path_reports_positions_and_fixes_to_a_fixed_point(builtin_ruleset):
    html = BODY.format("<article>\n<p>" + "The council voted to open the new bridge to cyclists. " * 4 + "</p>\n"
                       "<p>ADVERTISEMENT</p>\n<p>" + "Work on the bridge began two years ago. " * 4 + "</p>\n"
                       "</article>")
    fixer = Fixer(builtin_ruleset)
    plan = fixer.plan(html.encode(), "page.html")
    assert [(f.line, f.column, f.rule) for f in plan.findings] == [(4, 1, "generic/ads/label")]
    assert plan.fixed.decode() == html.replace("<p>ADVERTISEMENT</p>\n", "")
    again = fixer.plan(plan.fixed, "page.html")
    assert not again.findings and not again.changed
