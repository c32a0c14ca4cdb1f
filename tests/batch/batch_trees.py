"""Shared pieces of the batch tests: building input trees and running the command."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
STATE_FILES = {".cleaner-manifest.sqlite", ".cleaner-manifest.sqlite-wal", ".cleaner-manifest.sqlite-shm",
               ".cleaner-errors.jsonl"}

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>{title}</h1>
<p>{body} The council met on Tuesday evening to discuss the plan, which has been debated for months.</p>
<p>Residents said the new schedule would help families who depend on the early buses to reach work.</p>
<p>The changes take effect next month, officials said, after a final vote by the transport board.</p>
</article>
<footer>Copyright 2024 Example News. All rights reserved.</footer>
</body></html>
"""

TEXT = """Home
News
Sport
{title}
{body} The committee published its findings on Monday after a year of hearings.
Share this article
The report recommends changes to how the agency reviews applications from small firms.
Officials said they would respond to the recommendations within ninety days.
Advertisement
Copyright 2024 Example News. All rights reserved.
"""


def make_tree(root: Path, pages: int = 12, texts: int = 12) -> None:
    """A small tree of HTML and text articles in nested folders."""
    for i in range(pages):
        path = root / f"site{i % 3}" / f"page{i:03d}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.format(title=f"Bus plan number {i} approved", body=f"Story {i}."), encoding="utf-8")
    for i in range(texts):
        path = root / "copied" / f"n{i % 2}" / f"text{i:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(TEXT.format(title=f"Report {i} on small firms", body=f"Item {i}."), encoding="utf-8")


def add_corpus(root: Path, limit: int | None = None) -> int:
    """Copy real pages of ../shared/corpus (when present) into ``root``; returns how many."""
    count = 0
    for sub in ("html", "text", "text-wrapped"):
        folder = CORPUS / sub
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir())[:limit]:
            target = root / "corpus" / sub / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
            count += 1
    return count


def outputs(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` but the batch's own state, by relative path."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in STATE_FILES}


def run_cli(*args: str, timeout: float = 120, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    env = env or dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "cleaner", "batch", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, **kwargs)
