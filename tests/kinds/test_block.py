from .helper import apply

TEXT = "Body.\n\nRelated\nOne\nTwo\n\nMore body.\nRelated\nThree\n"


def test_until_blank_line():
    out, _, dropped = apply('kind = "block"\nstart = \'^Related$\'', TEXT)
    assert dropped == [3, 4, 5, 8, 9] and out == "Body.\n\nMore body.\n"


def test_until_end_pattern_exclusive():
    body = 'kind = "block"\nstart = \'^Related$\'\nuntil = "end"\nend = \'^Two$\'\ninclude_end = false'
    assert apply(body, TEXT)[2] == [3, 4]


def test_missing_end_line_removes_nothing():
    body = 'kind = "block"\nstart = \'^Related$\'\nuntil = "end"\nend = \'^Never$\''
    assert apply(body, TEXT)[2] == []


def test_until_document_and_max_lines():
    assert apply('kind = "block"\nstart = \'^More body\\.$\'\nuntil = "document"', TEXT)[2] == [7, 8, 9]
    assert apply('kind = "block"\nstart = \'^Related$\'\nmax_lines = 2', TEXT)[2] == [3, 4, 8, 9]


def test_stop_before_keeps_the_prose_line():
    body = 'kind = "block"\nstart = \'^Related$\'\nstop_before = \'\\.$\''
    assert apply(body, "Related\nA headline\nA sentence.\n")[0] == "A sentence.\n"
