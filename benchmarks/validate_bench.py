"""Time `remote-kg validate` on generated worker records, with the fast and the pySHACL engine.

    python benchmarks/validate_bench.py                      # 100,000 records fast, 2,000 pySHACL
    python benchmarks/validate_bench.py --records 10000 --pyshacl-records 500 --fault-rate 0.01

Records are written directly as Turtle in the shape of docs/data-model.md (one worker per
record, its organisation, typed workplaces, the closure on rkg:worksAt, schedule, tools and
the two yes/no facts). ``generate`` can inject faults, each of which one data shape must
report; the tests use it to compare the two engines on a sample.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RKG = "https://w3id.org/remote-kg/ontology#"
DATA = "https://w3id.org/remote-kg/data/"
KINDS = {
    "home": "Home",
    "main-office": "MainOffice",
    "branch-office": "BranchOffice",
    "client-site": "ClientSite",
    "coworking-space": "CoworkingSpace",
    "public-place": "PublicPlace",
    "vehicle": "Vehicle",
}
RELATIONS = ["employedBy", "freelancesFor", "contractsFor", "subcontractsFor",
             "worksViaProviderFor", "ownerOf"]  # fmt: skip
PREFIXES = f"""@prefix rkg: <{RKG}> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<{DATA}organisation> a owl:NamedIndividual , rkg:Organisation .
<{DATA}other-organisation> a owl:NamedIndividual , rkg:Organisation .
"""

# Each fault, and the data shape (local name in the shapes namespace) that must report it.
FAULTS: dict[str, str] = {
    "untyped-worker": "WorkerTypedShape",
    "missing-id": "RecordIdRequiredShape",
    "two-ids": "RecordIdSingleShape",
    "numeric-id": "RecordIdDatatypeShape",
    "duplicate-id": "RecordIdUniqueShape",
    "two-organisations": "OneOrganisationShape",
    "untyped-organisation": "OrganisationTypedShape",
    "two-relations": "OneRelationShape",
    "workplace-without-kind": "WorkplaceKindShape",
    "workplace-two-kinds": "WorkplaceSingleKindShape",
    "workplace-outside-closure": "WorkplaceClosureShape",
    "bad-schedule": "ScheduleControlValueShape",
    "two-schedules": "ScheduleControlSingleShape",
    "bad-tools": "ToolProvisionValueShape",
    "two-tools": "ToolProvisionSingleShape",
    "string-boolean": "LocationBoundDatatypeShape",
    "two-location-bound": "LocationBoundSingleShape",
    "ill-typed-boolean": "UsesIctDatatypeShape",
    "two-uses-ict": "UsesIctSingleShape",
}


def _partner(index: int) -> int:
    """The record whose id a "duplicate-id" fault copies."""
    return index - 1 if index else 1


def _record(index: int, rng: random.Random, fault: str | None) -> list[str]:
    """The Turtle statements of one worker record, with at most one fault."""
    rid = f"r{index:06d}"
    worker = f"<{DATA}{rid}>"
    types = ["owl:NamedIndividual"] if fault == "untyped-worker" else [
        "owl:NamedIndividual", "rkg:Worker"]  # fmt: skip
    lines = [f"{worker} a {' , '.join(types)} ."]
    if fault == "numeric-id":
        lines.append(f"{worker} rkg:recordId {index} .")
    elif fault == "duplicate-id":
        lines.append(f'{worker} rkg:recordId "r{_partner(index):06d}" .')
    elif fault != "missing-id":
        lines.append(f'{worker} rkg:recordId "{rid}" .')
    if fault == "two-ids":
        lines.append(f'{worker} rkg:recordId "{rid}-bis" .')
    lines.append(f'{worker} rdfs:label "worker {index}" .')

    relation = rng.choice(RELATIONS) if rng.random() < 0.9 or fault else None
    if relation:
        organisation = "unknown-organisation" if fault == "untyped-organisation" else "organisation"
        lines.append(f"{worker} rkg:{relation} <{DATA}{organisation}> .")
    if fault == "two-organisations":
        lines.append(f"{worker} rkg:{relation} <{DATA}other-organisation> .")
    if fault == "two-relations":
        other = RELATIONS[(RELATIONS.index(relation) + 1) % len(RELATIONS)]
        lines.append(f"{worker} rkg:{other} <{DATA}organisation> .")

    slugs = sorted(rng.sample(sorted(KINDS), rng.randint(1, 3))) if rng.random() < 0.9 else []
    if fault in ("workplace-two-kinds", "workplace-outside-closure", "workplace-without-kind"):
        slugs = slugs or ["home"]
    for slug in slugs:
        place = f"<{DATA}{rid}/workplace/{slug}>"
        lines.append(f"{worker} rkg:worksAt {place} .")
        kinds = [f"rkg:{KINDS[slug]}"]
        if fault == "workplace-two-kinds" and slug == slugs[0]:
            kinds.append("rkg:Vehicle" if slug != "vehicle" else "rkg:Home")
        lines.append(f"{place} a owl:NamedIndividual , {' , '.join(kinds)} .")
    if fault == "workplace-without-kind":
        place = f"<{DATA}{rid}/workplace/somewhere>"
        lines.append(f"{worker} rkg:worksAt {place} .\n{place} a owl:NamedIndividual .")
    if slugs:
        closed = slugs[1:] if fault == "workplace-outside-closure" and len(slugs) > 1 else slugs
        if fault == "workplace-outside-closure" and len(slugs) == 1:
            closed = ["vehicle" if slugs[0] != "vehicle" else "home"]
        kinds = [f"rkg:{KINDS[s]}" for s in closed]
        allowed = kinds[0] if len(kinds) == 1 else (
            f"[ a owl:Class ; owl:unionOf ( {' '.join(kinds)} ) ]")  # fmt: skip
        lines.append(
            f"{worker} a [ a owl:Restriction ; owl:onProperty rkg:worksAt ; "
            f"owl:allValuesFrom {allowed} ] ."
        )

    if rng.random() < 0.8 or fault in ("bad-schedule", "two-schedules"):
        schedule = rng.choice(["selfSetSchedule", "organisationSetSchedule"])
        lines.append(f"{worker} rkg:hasScheduleControl rkg:{schedule} .")
    if fault == "bad-schedule":
        lines.append(f"{worker} rkg:hasScheduleControl rkg:flexibleHours .")
    if fault == "two-schedules":
        lines.append(f"{worker} rkg:hasScheduleControl rkg:selfSetSchedule , "
                     "rkg:organisationSetSchedule .")  # fmt: skip
    if rng.random() < 0.8 or fault in ("bad-tools", "two-tools"):
        tools = rng.choice(["ownTools", "organisationProvidedTools"])
        lines.append(f"{worker} rkg:hasToolProvision rkg:{tools} .")
    if fault == "bad-tools":
        lines.append(f"{worker} rkg:hasToolProvision rkg:selfSetSchedule .")
    if fault == "two-tools":
        lines.append(
            f"{worker} rkg:hasToolProvision rkg:ownTools , rkg:organisationProvidedTools ."
        )

    bound = rng.choice(["true", "false"])
    if fault == "string-boolean":
        lines.append(f'{worker} rkg:isLocationBound "{bound}" .')
    elif fault == "two-location-bound":
        lines.append(f"{worker} rkg:isLocationBound true , false .")
    elif rng.random() < 0.85:
        lines.append(f"{worker} rkg:isLocationBound {bound} .")
    if fault == "ill-typed-boolean":
        lines.append(f'{worker} rkg:usesICT "yes"^^xsd:boolean .')
    elif fault == "two-uses-ict":
        lines.append(f"{worker} rkg:usesICT true , false .")
    elif rng.random() < 0.85:
        lines.append(f"{worker} rkg:usesICT {rng.choice(['true', 'false'])} .")
    return lines


def generate(
    records: int, fault_rate: float = 0.0, seed: int = 7
) -> tuple[str, dict[str, list[str]]]:
    """Return Turtle for ``records`` workers and the faults injected, by worker IRI (a
    duplicated id is listed under both records that carry it).

    With ``fault_rate`` > 0 every fault kind is injected at least once (if there are enough
    records), the rest at random.
    """
    rng = random.Random(seed)
    names = list(FAULTS)
    chunks = [PREFIXES]
    injected: dict[str, list[str]] = {}
    for index in range(records):
        fault = None
        if fault_rate > 0:
            if index < len(names) * 2 and index % 2 == 1:  # spaced out, so neighbours are clean
                fault = names[index // 2]
            elif rng.random() < fault_rate:
                fault = rng.choice(names)
        if fault:
            injected.setdefault(f"{DATA}r{index:06d}", []).append(fault)
        if fault == "duplicate-id":  # both records carry the id
            injected.setdefault(f"{DATA}r{_partner(index):06d}", []).append(fault)
        chunks.append("\n".join(_record(index, rng, fault)))
    return "\n".join(chunks) + "\n", injected


_CHILD = """import resource, sys
try:
    from remote_kg.cli import main
    main(sys.argv[1:])
finally:
    print("MAXRSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def _time_cli(path: Path, engine: str) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit code of `remote-kg validate` in a subprocess."""
    command = [sys.executable, "-c", _CHILD, "validate", str(path), "--shapes", "data",
               "--engine", engine, "--format", "json"]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"validate failed ({done.returncode}): {done.stderr}")
    peak_kb = int(done.stderr.rsplit("MAXRSS", 1)[1].split()[0])
    return seconds, peak_kb / 1024, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000, help="records for the fast engine")
    parser.add_argument("--pyshacl-records", type=int, default=2_000,
                        help="records for pySHACL (0 to skip)")  # fmt: skip
    parser.add_argument("--fault-rate", type=float, default=0.001)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for engine, count in (("fast", args.records), ("pyshacl", args.pyshacl_records)):
            if count <= 0:
                continue
            text, faults = generate(count, args.fault_rate)
            path = Path(tmp) / f"records-{count}.ttl"
            path.write_text(text, encoding="utf-8")
            seconds, peak, code = _time_cli(path, engine)
            print(f"{engine:8} {count:>8} records  {len(text) / 1e6:6.1f} MB Turtle  "
                  f"{seconds:7.1f} s  peak RSS {peak:7.0f} MB  exit {code}  "
                  f"({sum(map(len, faults.values()))} faults injected)")  # fmt: skip


if __name__ == "__main__":
    main()
