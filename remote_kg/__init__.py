"""remote-kg: a knowledge graph of remote-work arrangements."""

__version__ = "0.1.0"
