"""The `coprod` commands: each module turns arguments into calls of the build's stage
functions (`coprod_site.build`) and prints; none puts the stages together itself."""

from __future__ import annotations


def register_extra(commands, dated) -> None:
    """Add the sub-commands defined next to their own code (consent, linkcheck, serve)."""
    from coprod_site.commands import consent, linkcheck, serve
    consent.add_parser(commands)
    linkcheck.add_parser(commands, dated)
    serve.add_parser(commands, dated)
