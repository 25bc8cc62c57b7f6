"""One record's explanation as an HTML page, for a browser asking the endpoint's /explain:
the same content as the text form (`report.as_text`), each category a section, the facts
and the ontology's axioms as lists, sources as links. Every value is escaped."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from remote_kg.explain.report import STATUS_WORDS

_STYLE = ("body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;"
          "padding:0 1rem}h2{font-size:1.05rem;margin:1.4rem 0 .3rem}code{background:#f3f3f3;"
          "padding:0 .2em}.is{color:#1b7837}.is_not{color:#762a83}.unknown{color:#666}")


def _facts(facts: list[dict[str, str]]) -> str:
    return ", ".join(f"{escape(f['column'])} = <code>{escape(f['value'])}</code>"
                     for f in facts)


def _axioms(axioms: list[dict[str, Any]], name: Callable[[str], str]) -> str:
    items = []
    for axiom in axioms:
        links = "; ".join(f'<a href="{escape(s)}">{escape(name(s))}</a>'
                          for s in axiom["source"])
        items.append(f"<li>{escape(axiom['text'])}" + (f" ({links})" if links else "")
                     + "</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _category(entry: dict[str, Any], name: Callable[[str], str], noun: str) -> str:
    status = entry["status"]
    head = (f'<h2>{escape(entry["category"])}: '
            f'<span class="{status}">{STATUS_WORDS[status]}</span></h2>')
    if status == "unknown":
        decide = entry["would_decide"]
        if not decide:
            return head + "<p>No single value of a blank column decides it.</p>"
        items = "".join(
            f"<li>{STATUS_WORDS[d['status']]} if {escape(d['column'])} = "
            f"<code>{escape(d['value'])}</code></li>" for d in decide)
        return head + f"<p>It would be:</p><ul>{items}</ul>"
    body = (f"<p>Because the {noun} has {_facts(entry['facts'])}, and the ontology says:</p>"
            + _axioms(entry["axioms"], name))
    for other in entry.get("other_fact_sets", []):
        body += f"<p>(The {noun}'s {_facts(other)} would also be enough.)</p>"
    return head + body


def as_html(explanation: dict[str, Any], name: Callable[[str], str],
            noun: str = "record") -> str:
    """A complete HTML document for one record's (or, `noun`, posting's) explanation."""
    title = escape(explanation["id"])
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<title>Why: {title}</title><style>{_STYLE}</style></head><body>",
             f"<h1>Why: {title}</h1>"]
    if explanation.get("iri"):
        parts.append(f"<p><code>{escape(explanation['iri'])}</code></p>")
    if explanation.get("inconsistent"):
        clash = explanation["clash"]
        parts.append(f"<p>The {noun} contradicts the ontology: its {_facts(clash['facts'])} "
                     f"clash with:</p>{_axioms(clash['axioms'], name)}")
    parts += [_category(entry, name, noun) for entry in explanation["categories"]]
    parts.append("</body></html>\n")
    return "\n".join(parts)
