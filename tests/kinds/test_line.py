from .helper import apply

TEXT = "Ad\nBody one.\nAd\nBody two.\nAd\n"


def test_drops_every_matching_line():
    assert apply('kind = "line"\npattern = \'^Ad$\'', TEXT)[2] == [1, 3, 5]


def test_region_first_and_last():
    assert apply('kind = "line"\npattern = \'^Ad$\'\nregion = { first = 2 }', TEXT)[2] == [1]
    assert apply('kind = "line"\npattern = \'^Ad$\'\nregion = { last = 1 }', TEXT)[2] == [5]


def test_list_of_patterns():
    out, _, dropped = apply('kind = "line"\npattern = [\'^Ad$\', \'two\']', TEXT)
    assert out == "Body one.\n" and dropped == [1, 3, 4, 5]


def test_pattern_is_per_line_even_across_whitespace():
    # \s+ must not join "Related" and "Stories" on two lines into one match.
    out, _, dropped = apply('kind = "line"\npattern = \'^Related\\s+Stories$\'', "Related\nStories\nRelated Stories\n")
    assert dropped == [3] and out == "Related\n\nStories\n"


def test_leading_blank_lines_do_not_hide_a_match():
    assert apply('kind = "line"\npattern = \'^\\s*Ad\\s*$\'', "\n\n  Ad  \n\nBody.\n")[0] == "Body.\n"


def test_phrases_ignore_case_punctuation_and_spacing():
    body = 'kind = "line"\nphrases = ["Advertisement", "scroll to continue"]'
    text = "[ ADVERTISEMENT ]\nBody.\n- Scroll  to continue -\nAn advertisement is mentioned here.\n"
    out, _, dropped = apply(body, text)
    assert dropped == [1, 3] and out == "Body.\n\nAn advertisement is mentioned here.\n"


def test_contains_limits_lines_tried():
    body = 'kind = "line"\npattern = \'(?i)cookies\'\ncontains = ["COOKIE"]'
    assert apply(body, "We use cookies.\nBody.\n")[2] == [1]
    # contains is a pre-filter: a line without the string is never tried, whatever the pattern says.
    body = 'kind = "line"\npattern = \'Body\'\ncontains = ["cookie"]'
    assert apply(body, "We use cookies.\nBody.\n")[2] == []


def test_max_chars_skips_long_lines():
    body = 'kind = "line"\npattern = \'^Share\'\nmax_chars = 10'
    assert apply(body, "Share\nShare this long sentence with everyone you know.\n")[2] == [1]
