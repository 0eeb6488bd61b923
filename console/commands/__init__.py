"""Subcommands of ``kohogate``; each module has a ``register(root)``."""
