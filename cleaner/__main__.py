"""``python -m cleaner`` runs the command-line interface."""
from .cli.app import main

main()
