"""``remote-kg serve``: the knowledge graph over the SPARQL 1.1 Protocol, with a query page."""

from remote_kg.server.command import serve_command

__all__ = ["serve_command"]

