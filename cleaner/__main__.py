"""``python -m cleaner`` runs the command-line interface."""
from .cli import main

main()
