"""Commands that come with later capabilities (consent, serve, linkcheck) register here."""

from __future__ import annotations


def register_extra(commands, dated) -> None:
    """Add further sub-commands to the parser; see cli.COMMANDS for their functions."""
    from coprod_site import consent_register
    consent_register.add_parser(commands)
    from coprod_site import linkcheck
    linkcheck.add_parser(commands, dated)
    from coprod_site import serve
    serve.add_parser(commands, dated)
