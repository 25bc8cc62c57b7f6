"""Explanations as text or Markdown: a short paragraph per category, with its facts and the
ontology's axioms nested under it (the way Protégé shows a justification), for pasting into
a ticket. The JSON form is the explanation itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

STATUS_WORDS = {"is": "yes", "is_not": "no", "unknown": "cannot tell"}


def _facts(facts: list[dict[str, str]], code: Callable[[str], str]) -> str:
    return ", ".join(f"{f['column']} = {code(f['value'])}" for f in facts)


def _either(values: list[str]) -> str:
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def _axiom_lines(axioms: list[dict[str, Any]], name: Callable[[str], str], markdown: bool,
                 indent: str) -> list[str]:
    lines = []
    for axiom in axioms:
        cited = "; ".join(name(s) for s in axiom["source"])
        if markdown:
            links = "; ".join(f"[{name(s)}]({s})" for s in axiom["source"])
            lines.append(f"{indent}- {axiom['text']} ([{axiom['iri'].rsplit('#', 1)[-1]}]"
                         f"({axiom['iri']}){'; ' + links if links else ''})")
        else:
            lines.append(f"{indent}- {axiom['text']}" + (f"  [{cited}]" if cited else ""))
    return lines


def _category(entry: dict[str, Any], name: Callable[[str], str], markdown: bool,
              noun: str = "record") -> list[str]:
    code = (lambda v: f"`{v}`") if markdown else (lambda v: f'"{v}"')
    head = f"{entry['category']}: {STATUS_WORDS[entry['status']]}."
    head = f"**{head}**" if markdown else head
    if entry["status"] == "unknown":
        decide = entry["would_decide"]
        if not decide:
            return [f"{head} No single value of a blank column decides it."]
        parts = []
        for status in ("is", "is_not"):
            columns: dict[str, list[str]] = {}
            for d in decide:
                if d["status"] == status:
                    columns.setdefault(d["column"], []).append(code(d["value"]))
            if columns:
                parts.append(f"{STATUS_WORDS[status]} if " + " or ".join(
                    f"{column} = {_either(values)}" for column, values in columns.items()))
        return [f"{head} It would be {'; '.join(parts)}."]
    lines = [f"{head} Because the {noun} has {_facts(entry['facts'], code)}, and the "
             "ontology says:"]
    lines += _axiom_lines(entry["axioms"], name, markdown, "  ")
    for other in entry.get("other_fact_sets", []):
        lines.append(f"  (The {noun}'s {_facts(other, code)} would also be enough.)")
    return lines


def as_text(explanation: dict[str, Any], name: Callable[[str], str],
            label: str | None = None, markdown: bool = False, noun: str = "record") -> str:
    """One record's (or, `noun`, posting's) explanation as text (or Markdown)."""
    title = explanation["id"] + (f" ({label})" if label else "")
    lines = [f"### {title}" if markdown else title, ""]
    if explanation.get("inconsistent"):
        clash = explanation["clash"]
        code = (lambda v: f"`{v}`") if markdown else (lambda v: f'"{v}"')
        lines.append(f"The {noun} contradicts the ontology: its "
                     f"{_facts(clash['facts'], code)} clash with:")
        lines += _axiom_lines(clash["axioms"], name, markdown, "  ")
    for entry in explanation["categories"]:
        lines += _category(entry, name, markdown, noun)
        if markdown:
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
