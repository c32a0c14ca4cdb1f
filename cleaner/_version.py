"""The version of cleaner: one place, imported by whatever needs it (never the package root)."""
__version__ = "0.1.0"
