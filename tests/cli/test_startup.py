"""The text path stays light: cleaning text never imports trafilatura or lxml."""
import subprocess
import sys

from ..conftest import ROOT


def test_text_path_does_not_import_heavy_modules():
    code = ("import sys; from cleaner import clean; clean(b'ADVERTISEMENT\\nText.\\n', name='a.txt'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('trafilatura', 'lxml', 'bs4')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
