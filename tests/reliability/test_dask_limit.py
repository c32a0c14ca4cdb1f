"""The time limit holds where Dask runs tasks: in worker threads, where no signal reaches."""
from __future__ import annotations

import threading
import time


def _in_thread(fn):
    box = {}
    thread = threading.Thread(target=lambda: box.setdefault("value", fn()))
    thread.start()
    thread.join(60)
    return box.get("value")


def test_11_time_limit_holds_in_a_worker_thread(tmp_path, ruleset, monkeypatch):
    from cleaner.batch.task import BatchSettings, Task, run_tasks

    src = tmp_path / "in"
    src.mkdir()
    (tmp_path / "out").mkdir()
    (src / "slow.html").write_text("<p>page</p>")
    (src / "fine.txt").write_text("An ordinary article sentence, long enough to keep.\n")
    config = BatchSettings(str(src), str(tmp_path / "out"), time_limit=0.3)

    real = __import__("cleaner.pipeline", fromlist=["clean_source"]).clean_source

    def hang_on_html(source, *args, **kwargs):  # an extractor stuck on a page: no check ever runs
        if source.name.endswith(".html"):
            time.sleep(15)
        return real(source, *args, **kwargs)

    monkeypatch.setattr("cleaner.pipeline.clean_source", hang_on_html)
    started = time.monotonic()
    outcomes = _in_thread(lambda: run_tasks(config, [Task("slow.html", "slow.txt"), Task("fine.txt", "fine.txt")],
                                            ruleset))
    assert time.monotonic() - started < 10
    assert [(o.status, o.error) for o in outcomes] == [("failed", "time limit exceeded (0.3 s)"), ("cleaned", "")]
    assert (tmp_path / "out" / "fine.txt").read_text().startswith("An ordinary article sentence")
