"""DuckDB's side of the query benchmark: its inputs, made once from the records file.

The analyst's alternative to the graph is `remote-kg classify --categories all -f parquet`
and DuckDB over that file and the records themselves; `prepare` builds that directory
(see duckdb/README.md) and `duckdb_command` is the command timed for one question.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUESTIONS = HERE / "duckdb"
README_QUERIES = HERE / "readme-queries"
SENSES = """
PREFIX rkg: <https://w3id.org/remote-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?category ?word ?authority WHERE {
  ?c rkg:givesSenseOf ?sense ; rkg:definedByAuthority ?a .
  ?sense skos:notation ?word .
  ?a skos:notation ?authority .
  BIND (STRAFTER(STR(?c), "#") AS ?category)
}
"""


def records_parquet(records: Sequence[Path], target: Path) -> None:
    """The records' contract columns as text (a column no file has is NULL)."""
    import duckdb

    from remote_kg.model.vocab import COLUMNS

    con = duckdb.connect()
    files = ", ".join("'" + str(path).replace("'", "''") + "'" for path in records)
    source = f"read_csv([{files}], all_varchar = true, union_by_name = true)"
    present = [c[0] for c in con.sql(f"SELECT * FROM {source} LIMIT 0").description]
    columns = ", ".join(f'"{c}"' if c in present else f'NULL::VARCHAR AS "{c}"'
                        for c in COLUMNS)
    target_text = str(target).replace("'", "''")
    con.execute(f"COPY (SELECT {columns} FROM {source}) TO '{target_text}' (FORMAT parquet)")


def senses_csv(target: Path) -> None:
    """Each authority category's everyday word and authority, read from the ontology."""
    import pyoxigraph as ox

    from remote_kg.model.namespaces import RELEASE_NTRIPLES

    store = ox.Store()
    store.load(path=str(RELEASE_NTRIPLES), format=ox.RdfFormat.N_TRIPLES)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["category", "word", "authority"])
        for row in store.query(SENSES):
            writer.writerow([term.value for term in row])


def prepare(records: Sequence[Path], directory: Path, classify: Sequence[str],
            bench) -> None:
    """Build DuckDB's directory; the classify run is timed (`bench`), the rest is not."""
    directory.mkdir(parents=True, exist_ok=True)
    bench("DuckDB's input: classify --categories all, CSV in, Parquet out",
          [*classify, "classify", *map(str, records), "--categories", "all", "-f", "parquet",
           "-o", str(directory / "answers.parquet"), "--quiet"])
    # In a child process: the parent's memory would count in every later child's peak (a
    # forked child starts as a copy of it).
    subprocess.run([sys.executable, __file__, str(directory), *map(str, records)], check=True)


def question_for(query: Path) -> Path | None:
    """The DuckDB counterpart of a SPARQL query file, if the question has one."""
    sql = QUESTIONS / f"{query.stem}.sql"
    return sql if sql.exists() else None


def duckdb_command(directory: Path, question: Path, output: Path,
                   worker_id: str | None = None) -> list[str]:
    command = [sys.executable, str(HERE / "duckdb_query.py"), str(directory), str(question),
               "-o", str(output)]
    return command + (["--worker", worker_id] if worker_id else [])


if __name__ == "__main__":  # DIR RECORDS...: the records and senses of `prepare`
    target = Path(sys.argv[1])
    records_parquet([Path(p) for p in sys.argv[2:]], target / "records.parquet")
    senses_csv(target / "senses.csv")
