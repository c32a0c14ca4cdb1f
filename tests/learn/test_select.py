from cleaner.learn.select import fingerprint, reads_like_prose, select
from cleaner.learn.stats import SiteStats
from cleaner.text.stopwords import stopwords


def test_long_stop_word_rich_lines_read_like_prose_and_menus_do_not():
    en = stopwords("en")
    assert reads_like_prose("The views expressed here are those of the author and not of the paper.", en)
    assert not reads_like_prose("Home News Sport Business Travel Culture Weather Video Live Audio", en)
    assert not reads_like_prose("Comments (3)", en)


def test_a_line_must_recur_on_half_the_pages():
    stats = SiteStats()
    for n in range(6):
        own = "abcdef"[n]
        stats.add_page([f"Story {own} text here", "Every page", "Two pages" if n < 2 else f"x{own}",
                        "Three pages" if n < 3 else f"y{own}"])
    learnt = {item.stats.variants[0] for item in select(stats)}
    assert learnt == {"Every page", "Three pages"}
    assert fingerprint(select(stats), stats.pages) is not None
