"""HTTP content negotiation: pick a media type from an Accept header with q-values."""

from __future__ import annotations

from dataclasses import dataclass

SELECT_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
    "application/xml",
    "text/xml",
    "text/html",  # last: only for a client that prefers it, a browser sending the form
)
# The serializer each result media type uses.
SELECT_SERIALIZER = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/html": "html",
}
GRAPH_TYPES = (
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/x-turtle",
    "text/plain",
)
GRAPH_ALIASES = {"application/x-turtle": "text/turtle", "text/plain": "application/n-triples"}


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header."""

    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> int:
        """Return the specificity of the match (3 exact, 2 type/*, 1 */*) or 0."""
        main, _, sub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 1
        if self.type == main and self.subtype == "*":
            return 2
        if self.type == main and self.subtype == sub:
            return 3
        return 0


def parse_accept(header: str) -> list[MediaRange]:
    """Parse an Accept header; malformed entries are skipped, q defaults to 1."""
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        main, _, sub = media.partition("/")
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(main.strip(), sub.strip(), q))
    return ranges


def choose(offers: tuple[str, ...], accept: str | None) -> str | None:
    """Return the offer the client prefers (ties go to the earlier offer), or None if none
    is acceptable. No Accept header means the first offer."""
    if accept is None or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    best: tuple[float, int] | None = None
    chosen = None
    for index, offer in enumerate(offers):
        specificity, q = 0, 0.0
        for media_range in ranges:
            score = media_range.matches(offer)
            if score > specificity:
                specificity, q = score, media_range.q
        if specificity and q > 0 and (best is None or q > best[0]):
            best, chosen = (q, index), offer
    return chosen
