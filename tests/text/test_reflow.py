"""Hard-wrapped text is joined into paragraphs; text that is not wrapped is left alone."""
from __future__ import annotations

from cleaner.metadata import Metadata
from cleaner.text.parse import parse_plain
from cleaner.text.reflow import reflow, wrap_width

PARAGRAPH = ("The council met on Tuesday evening to discuss the new budget for the coming year, and "
             "after a long debate the members agreed to spend more on schools, roads and the public "
             "library, while the plan to close the swimming pool was dropped once again.")


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(indent + line)
    return lines


def test_wrapped_paragraphs_are_joined_and_remember_their_first_line():
    lines = ["Menu", ""] + wrap(PARAGRAPH, 72) + [""] + wrap(PARAGRAPH.upper(), 72)
    joined = reflow(lines)
    assert joined is not None and joined.width == 72
    assert joined.lines == ["Menu", "", PARAGRAPH, "", PARAGRAPH.upper()]
    first_wrapped = 2
    second = first_wrapped + len(wrap(PARAGRAPH, 72)) + 1
    assert joined.starts == [0, 1, first_wrapped, second - 1, second]


def test_one_paragraph_per_line_is_left_alone():
    lines = ["Home", "News", PARAGRAPH, "", PARAGRAPH, "", "Contact"]
    assert wrap_width(lines) is None
    assert reflow(lines) is None


def test_a_list_of_headlines_near_one_length_is_not_taken_for_wrapped_text():
    headlines = [
        "Council agrees to spend more on schools and roads next year",
        "Storm brings down trees across the north of the county tonight",
        "Library to open on Sundays from March after a long campaign",
        "Swimming pool stays open as plan to close it is dropped again",
        "New bus line links the station with the hospital from May on",
        "Farmers warn of poor harvest after the driest summer in years",
    ]
    assert reflow(headlines) is None


def test_bullets_start_items_and_take_their_indented_continuations():
    item = wrap("• " + PARAGRAPH, 72, "")
    item = [item[0]] + ["  " + line for line in wrap(" ".join(item[1:]), 70)]
    lines = wrap(PARAGRAPH, 72) + [""] + item + ["• Second item", "  •  ", "     Third item", "1. Numbered"]
    joined = reflow(lines)
    assert joined is not None
    assert joined.lines[2] == "• " + PARAGRAPH
    assert joined.lines[3:] == ["• Second item", "• Third item", "1. Numbered"]


def test_a_word_cut_at_its_hyphen_is_joined_without_a_space():
    lines = wrap(PARAGRAPH, 60)
    lines[1] = lines[1] + " well-"
    lines[2] = "known " + lines[2]
    joined = reflow([line for line in lines])
    assert joined is not None and "well-known" in joined.lines[0]


def test_wide_characters_count_two_columns_and_a_cut_word_is_rejoined():
    sentence = "그래서 처음 이러한 사진 공개에 대한 대중들의 반응은 엘제이의 행동에 대한 비난으로 이어졌다. " * 6
    lines, line = [], ""
    for ch in sentence.strip():  # cut anywhere at 60 columns, as text browsers do
        if sum(2 if "\uac00" <= c <= "\ud7a3" else 1 for c in line + ch) > 60:
            lines.append(line)
            line = ch.lstrip()
        else:
            line += ch
    lines.append(line)
    joined = reflow(lines)
    assert joined is not None and len(joined.lines) == 1
    assert joined.lines[0].replace(" ", "") == sentence.replace(" ", "")


def test_parse_plain_keeps_input_line_numbers_for_the_removal_trail():
    text = "\n".join(["Menu", ""] + wrap(PARAGRAPH, 72) + ["", "Share"]) + "\n"
    doc = parse_plain(text, metadata=Metadata())
    assert doc.lines[2] == PARAGRAPH
    assert doc.input_line(2) == 3
    assert doc.input_line(4) == len(text.splitlines())
    doc.drop(4, "rule/share")
    assert [(r.rule, r.line, r.text) for r in doc.removals()] == [("rule/share", len(text.splitlines()), "Share")]
