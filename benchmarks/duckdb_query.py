"""Answer one competency question with DuckDB, as an analyst would without the graph.

    python benchmarks/duckdb_query.py DIR QUESTION.sql -o OUT.csv [--worker ID]

DIR holds `answers.parquet` (`remote-kg classify --categories all -f parquet`),
`records.parquet` (the records' CSV contract columns as text) and `senses.csv` (category,
word, authority); see `prepare` in run.py. The answer is written as CSV with a header,
or `true` / `false` for a one-cell boolean answer (as SPARQL's ASK in CSV).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("question", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--worker", default=None, help="the record id $worker stands for")
    args = parser.parse_args()
    con = duckdb.connect()
    for name, reader in (("answers", "read_parquet"), ("records", "read_parquet"),
                         ("senses", "read_csv")):
        suffix = "csv" if reader == "read_csv" else "parquet"
        path = str(args.data / f"{name}.{suffix}").replace("'", "''")
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM {reader}('{path}')")
    sql = args.question.read_text(encoding="utf-8").strip().rstrip(";")
    parameters = {"worker": args.worker} if "$worker" in sql else None
    relation = con.sql(sql, params=parameters)
    if relation.columns == ["answer"]:
        ((answer,),) = relation.fetchall()
        args.output.write_text("true\n" if answer else "false\n")
    else:
        relation.write_csv(str(args.output), header=True)

if __name__ == "__main__":
    main()
