"""Commands that come with later capabilities (consent, serve, linkcheck) register here."""

from __future__ import annotations


def register_extra(commands, dated) -> None:
    """Add further sub-commands to the parser; see cli.COMMANDS for their functions."""
