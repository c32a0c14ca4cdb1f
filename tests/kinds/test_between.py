from .helper import apply

TEXT = "A.\n<<\nx\ny\n>>\nB.\n<<\nunclosed\n"


def test_drops_markers_and_inside():
    out, _, dropped = apply('kind = "between"\nstart = \'^<<$\'\nend = \'^>>$\'', TEXT)
    assert dropped == [2, 3, 4, 5] and out == "A.\n\nB.\n\n<<\n\nunclosed\n"


def test_exclusive_keeps_markers():
    assert apply('kind = "between"\nstart = \'^<<$\'\nend = \'^>>$\'\ninclusive = false', TEXT)[2] == [3, 4]
