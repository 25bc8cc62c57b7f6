"""`remote-kg load` and the on-disk store: content, idempotence, all-or-nothing, queries."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from remote_kg.api import STORED_CATEGORIES, classify_path
from remote_kg.cli import cli, main
from remote_kg.errors import InconsistentDataError, InputError
from remote_kg.kg.csv_triples import check_csv
from remote_kg.kg.graph import RecordOwners, graph_run, input_part
from remote_kg.kg.served import served_ontology_graph
from remote_kg.kg.store import graph_quads, load_paths, stable_bnode_labels
from remote_kg.kg.store_open import open_store
from remote_kg.model.ontology import EXAMPLES_PATH, QUERIES_DIR, RKG, ontology_graph
from remote_kg.rdf.provenance import CLASSIFIED_BY, RUN_CLASS
from remote_kg.reasoners.fast import FastReasoner
from tests.conftest import REPO, answer_statuses

HEADER = "id,label,relation,workplaces,schedule,tools,location_bound,uses_ict\n"
ROWS = (
    "w1,home agent,employee,home,employer_set,employer,no,yes\n"
    "w2,,freelancer,home;client_site;coworking_space,self_set,own,no,yes\n"
    'w 3/é,"a ""quoted""\nlabel",contractor,,,,,\n'
    "w4,driver,freelancer,vehicle,self_set,own,yes,yes\n"
    "w5,hybrid,employee,home;org_main_office,,,,\n"
)
TWIN_RESTRICTIONS = """
@prefix rkg: <https://w3id.org/remote-kg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix data: <https://w3id.org/remote-kg/data/> .
data:r1 a owl:NamedIndividual , rkg:Worker ,
        [ a owl:Restriction ; owl:onProperty rkg:worksAt ; owl:allValuesFrom rkg:Home ] ,
        [ a owl:Restriction ; owl:onProperty rkg:worksAt ; owl:allValuesFrom rkg:Home ] ;
    rkg:employedBy data:org ;
    rkg:worksAt [ a rkg:Home ] .
data:r2 a rkg:Worker ,
        [ a owl:Restriction ; owl:onProperty rkg:worksAt ;
          owl:allValuesFrom [ a owl:Class ; owl:unionOf ( rkg:Home rkg:Vehicle ) ] ] ;
    rkg:freelancesFor data:org .
"""


def quads(store: ox.Store) -> set[ox.Quad]:
    return set(store)


def reference_quads(*paths: Path) -> set[ox.Quad]:
    """What the store should hold after loading `paths` in one load: ontology + each
    input's data and inferences (the graph stage), each record linked to the load's run,
    and the run's description, passed through pyoxigraph so its literal normalisation
    applies to both sides."""
    reference = ox.Store()
    reference.bulk_extend(graph_quads(served_ontology_graph(), "ontology"))
    run = graph_run(list(paths))
    reference.bulk_extend(ox.parse("".join(run.lines()).encode(),
                                   format=ox.RdfFormat.N_TRIPLES))
    for path in paths:
        text = "".join(input_part(path, run=run).lines).encode()
        reference.bulk_extend(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
    return set(reference)


def without_runs(store: ox.Store) -> set[ox.Quad]:
    """The store's triples but its runs' descriptions and the records' links to them."""
    runs = {q.subject for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)),
                                                        ox.NamedNode(RUN_CLASS))}
    return {q for q in store if q.subject not in runs
            and q.predicate != ox.NamedNode(CLASSIFIED_BY)}


def runs_named(store: ox.Store) -> set[str]:
    """The runs the store's records name."""
    return {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(CLASSIFIED_BY),
                                                             None)}


def run(*args: str, capsys) -> tuple[int, str]:
    """Run the CLI entry point as a user would: exit code and stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    return exit_info.value.code, capsys.readouterr().err


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "records.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    return path


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "kg"


# --- what a load puts in the store ---------------------------------------------------------


def test_loaded_store_holds_exactly_ontology_records_and_inferences(records, store_dir):
    load_paths([records], store_dir)
    assert quads(open_store(store_dir)) == reference_quads(records)


def test_inferred_triples_in_store_match_classify(records, store_dir):
    load_paths([records], store_dir)
    statuses = answer_statuses(open_store(store_dir))
    expected = {
        (result.iri, category): status
        for result in classify_path(records, categories=STORED_CATEGORIES)
        for status, categories in (
            ("is", result.is_),
            ("is_not", result.is_not),
            ("unknown", result.unknown),
        )
        for category in categories
    }
    assert expected and statuses == expected


def test_load_command_reports_records_and_triples(records, store_dir, capsys):
    code, err = run("load", str(records), "--store", str(store_dir), capsys=capsys)
    assert code == 0, err
    assert f"loaded 5 records into {store_dir}" in err
    assert f"{len(open_store(store_dir))} triples (was 0)" in err


def test_two_inputs_load_together(records, tmp_path, store_dir):
    other = tmp_path / "other.csv"
    other.write_text(HEADER + "x1,,owner,home,self_set,own,no,yes\n", encoding="utf-8")
    load_paths([records, other], store_dir)
    assert quads(open_store(store_dir)) == reference_quads(records, other)


def test_base_option_names_record_individuals(records, store_dir):
    load_paths([records], store_dir, base="http://example.org/people/")
    subjects = {
        q.subject.value for q in open_store(store_dir) if isinstance(q.subject, ox.NamedNode)
    }
    assert "http://example.org/people/w%203%2F%C3%A9" in subjects
    assert not any(s.startswith("https://w3id.org/remote-kg/data/w") for s in subjects)


def test_invalid_base_iri_is_an_input_error(records, store_dir):
    with pytest.raises(InputError, match="--base"):
        load_paths([records], store_dir, base="not an iri <>")
    assert not store_dir.exists()


# --- loading twice adds nothing ------------------------------------------------------------


@pytest.fixture(params=["removed triple by triple", "new store from the kept triples"])
def replacing(request, monkeypatch):
    """Both ways a load replaces records: removing theirs from a copy of the store (few
    records), or bulk-loading the other triples into a new store (many)."""
    from remote_kg.kg import store as store_module

    rebuild = request.param.startswith("new store")
    monkeypatch.setattr(store_module, "REBUILD_SHARE", 0.0 if rebuild else float("inf"))
    return request.param


def test_loading_the_same_csv_twice_adds_nothing(records, store_dir, replacing):
    load_paths([records], store_dir)
    first = quads(open_store(store_dir))
    assert any(isinstance(q.subject, ox.BlankNode) for q in first)  # closures are there
    summary = load_paths([records], store_dir)
    assert summary.triples_before == summary.triples_after == len(first)
    assert quads(open_store(store_dir)) == first


def test_loading_the_same_rdf_with_blank_nodes_twice_adds_nothing(tmp_path, store_dir,
                                                                  replacing):
    path = tmp_path / "workers.ttl"
    path.write_text(TWIN_RESTRICTIONS, encoding="utf-8")
    load_paths([path], store_dir)
    first = quads(open_store(store_dir))
    load_paths([path], store_dir)
    assert quads(open_store(store_dir)) == first


# --- a changed record of any kind replaces the stored one -----------------------------------

POSTING = {"@context": "https://schema.org/", "@type": "JobPosting",
           "@id": "https://jobs.example.org/1"}
REMOTE_JOB = {**POSTING, "title": "Developer", "jobLocationType": "TELECOMMUTE",
              "employmentType": "FULL_TIME"}
ON_SITE_JOB = {**POSTING, "title": "Developer (on site)", "employmentType": "CONTRACTOR",
               "jobLocation": {"@type": "Place", "name": "Leeds"}}


def _assert_replaced(first: list[Path], second: list[Path], store_dir: Path, tmp_path: Path,
                     first_deals: tuple[Path, ...] = (), deals: tuple[Path, ...] = ()) -> None:
    """Loading `second` over `first` replaces every record and gives the store a fresh load
    of `second` gives."""
    load_paths(first, store_dir, deals=first_deals)
    summary = load_paths(second, store_dir, deals=deals)
    assert summary.replaced == summary.records + summary.deals and summary.added == 0
    fresh = tmp_path / "fresh"
    load_paths(second, fresh, deals=deals)
    assert quads(open_store(store_dir)) == quads(open_store(fresh))


def test_reloading_a_changed_job_posting_replaces_it(tmp_path, store_dir, replacing):
    old, new = tmp_path / "old.jsonld", tmp_path / "new.jsonld"
    old.write_text(json.dumps(REMOTE_JOB))
    new.write_text(json.dumps(ON_SITE_JOB))
    _assert_replaced([old], [new], store_dir, tmp_path)
    job = ox.NamedNode(POSTING["@id"])
    labels = list(open_store(store_dir).quads_for_pattern(job, ox.NamedNode(str(RDFS.label)),
                                                          None))
    assert [q.object.value for q in labels] == ["Developer (on site)"]


def test_reloading_changed_jobs_written_as_rdf_replaces_them(tmp_path, store_dir, capsys,
                                                             replacing):
    old, new = tmp_path / "old.jsonld", tmp_path / "new.ttl"
    old.write_text(json.dumps(REMOTE_JOB))
    posting = tmp_path / "new.jsonld"
    posting.write_text(json.dumps(ON_SITE_JOB))
    assert run("import", str(posting), "-o", str(new), capsys=capsys)[0] == 0
    _assert_replaced([old], [new], store_dir, tmp_path)


def test_reloading_a_deal_with_changed_workers_replaces_it(tmp_path, store_dir, replacing):
    workers = REPO / "examples" / "workers.csv"
    deals = REPO / "examples" / "deals.csv"
    changed = tmp_path / "deals.csv"
    changed.write_text(deals.read_text().replace(
        "contractor,digital-agency-as-contractor;", "freelancer,", 1))
    assert changed.read_text() != deals.read_text()
    _assert_replaced([workers], [workers], store_dir, tmp_path, (deals,), (changed,))


def test_reloading_changed_records_keeps_the_other_files_records(tmp_path, store_dir,
                                                                replacing):
    first, other = tmp_path / "first.csv", tmp_path / "other.csv"
    first.write_text(HEADER + ROWS, encoding="utf-8")
    other.write_text(HEADER + "o1,,employee,home,,,,\no2,,,client_site;home,,,,\n",
                     encoding="utf-8")
    load_paths([first], store_dir)
    load_paths([other], store_dir)
    changed = tmp_path / "first.csv"
    changed.write_text(HEADER + ROWS.replace("w4,driver,freelancer", "w4,driver,employee"),
                       encoding="utf-8")
    summary = load_paths([changed], store_dir)
    assert summary.replaced == 5 and summary.added == 0
    fresh = tmp_path / "fresh"
    load_paths([other], fresh)
    load_paths([changed], fresh)
    assert without_runs(open_store(store_dir)) == without_runs(open_store(fresh))
    assert runs_named(open_store(store_dir)) == runs_named(open_store(fresh))


def _one_id_in_two_files(tmp_path: Path, kind: str) -> tuple[Path, Path, str]:
    if kind == "postings":
        first, second = tmp_path / "first.jsonld", tmp_path / "second.jsonld"
        first.write_text(json.dumps(REMOTE_JOB))
        second.write_text(json.dumps(ON_SITE_JOB))
        return first, second, POSTING["@id"]
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(HEADER + "w1,,employee,home,,,,\nw2,,employee,home,,,,\n")
    second.write_text(HEADER + "w1,,owner,home,,,,\nw2,,owner,home,,,,\n")
    return first, second, "w1"


@pytest.mark.parametrize("kind", ["records", "postings"])
@pytest.mark.parametrize("command", ["load", "query", "serve", "push"])
def test_one_record_in_two_files_is_refused_by_every_command_that_builds_a_graph(
        tmp_path: Path, command: str, kind: str):
    first, second, record = _one_id_in_two_files(tmp_path, kind)
    query = tmp_path / "q.rq"
    query.write_text("SELECT * WHERE { ?s ?p ?o }")
    args = {
        "load": ["load", first, second, "--store", tmp_path / "kg"],
        "query": ["query", query, "--data", first, "--data", second],
        "serve": ["serve", "--data", first, "--data", second, "--port", "0"],
        "push": ["push", "--endpoint", "http://127.0.0.1:9/sparql", first, second],
    }[command]
    try:
        done = subprocess.run([sys.executable, "-m", "remote_kg.cli", *map(str, args)],
                              capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`{command}` went on with one record in two files")
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    [line] = done.stderr.splitlines()
    assert record in line and str(first) in line and str(second) in line
    assert not (tmp_path / "kg").exists()


def test_one_file_named_twice_is_one_file_but_two_files_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    owners = RecordOwners()
    owners.add(Path("x.csv"), {"urn:a", "urn:b"})
    owners.add(tmp_path / "x.csv", {"urn:a", "urn:b"})
    with pytest.raises(InputError) as refused:
        owners.add(Path("y.csv"), {"urn:a", "urn:b", "urn:c"})
    assert refused.value.problems == [
        "y.csv: record urn:a is also in x.csv (and 1 more); give each record in one file"]


def test_twin_blank_nodes_are_kept_apart(tmp_path, store_dir):
    path = tmp_path / "workers.ttl"
    path.write_text(TWIN_RESTRICTIONS, encoding="utf-8")
    load_paths([path], store_dir)
    store = open_store(store_dir)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    closures = {
        name: [
            q.object
            for q in store.quads_for_pattern(
                ox.NamedNode(f"https://w3id.org/remote-kg/data/{name}"), rdf_type, None
            )
            if isinstance(q.object, ox.BlankNode)
        ]
        for name in ("r1", "r2")
    }
    assert len(closures["r1"]) == 2 and len(closures["r2"]) == 1
    assert len(set(closures["r1"]) | set(closures["r2"])) == 3


def test_blank_node_labels_do_not_depend_on_parsing():
    first, second = Graph().parse(data=TWIN_RESTRICTIONS, format="turtle"), Graph()
    second.parse(data=TWIN_RESTRICTIONS, format="turtle")
    assert set(first.all_nodes()) != set(second.all_nodes())  # rdflib's own labels differ
    assert set(stable_bnode_labels(first).values()) == set(stable_bnode_labels(second).values())
    assert len(set(stable_bnode_labels(first).values())) == len(stable_bnode_labels(first))


def test_loading_the_examples_twice_matches_the_in_memory_store(store_dir):
    from remote_kg.api import build_store

    load_paths([EXAMPLES_PATH], store_dir)
    load_paths([EXAMPLES_PATH], store_dir)
    loaded = quads(open_store(store_dir))
    memory = quads(build_store([], include_examples=True))
    assert len(loaded) == len(memory)
    named = {
        q for q in memory if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object))
    }
    assert named <= loaded


# --- a failed load leaves the store as it was ------------------------------------------------


@pytest.fixture
def loaded(records, store_dir) -> set[ox.Quad]:
    load_paths([records], store_dir)
    return quads(open_store(store_dir))


def _leftovers(store_dir: Path) -> set[str]:
    return {p.name for p in store_dir.parent.iterdir()} - {
        store_dir.name,
        f".{store_dir.name}.lock",
        "records.csv",
    }


def test_bad_row_at_the_end_leaves_the_store_unchanged(loaded, tmp_path, store_dir, capsys):
    bad = tmp_path / "bad.csv"
    good = "".join(f"n{i},,employee,home,,,,\n" for i in range(500))
    bad.write_text(HEADER + good + "n500,,boss,home,,,,\n", encoding="utf-8")
    code, err = run("load", str(bad), "--store", str(store_dir), capsys=capsys)
    assert code == 2
    assert "line 502" in err and "'boss'" in err
    assert quads(open_store(store_dir)) == loaded
    assert _leftovers(store_dir) == {"bad.csv"}


def test_inconsistent_rdf_leaves_the_store_unchanged(loaded, tmp_path, store_dir, capsys):
    path = tmp_path / "inconsistent.ttl"
    path.write_text(
        "@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
        "<https://w3id.org/remote-kg/data/z1> a rkg:Worker ; "
        "rkg:isLocationBound true , false .\n",
        encoding="utf-8",
    )
    code, err = run("load", str(path), "--store", str(store_dir), capsys=capsys)
    assert code == 1
    assert "inconsistent" in err and "z1" in err
    assert quads(open_store(store_dir)) == loaded


def test_unparsable_rdf_leaves_the_store_unchanged(loaded, tmp_path, store_dir, capsys):
    path = tmp_path / "broken.ttl"
    path.write_text("<a> <b> .\n", encoding="utf-8")
    code, err = run("load", str(path), "--store", str(store_dir), capsys=capsys)
    assert code == 2
    assert f"{path}: line 1, column 9: not valid Turtle" in err
    assert quads(open_store(store_dir)) == loaded


def test_good_file_before_a_bad_one_is_not_loaded_either(loaded, tmp_path, store_dir):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "g1,,owner,home,,,,\n", encoding="utf-8")
    missing = tmp_path / "missing.csv"
    with pytest.raises(InputError, match="no such file"):
        load_paths([good, missing], store_dir)
    assert quads(open_store(store_dir)) == loaded


def test_failed_first_load_creates_no_store(tmp_path, store_dir):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "a,,employee,home,,,maybe,\n", encoding="utf-8")
    with pytest.raises(InputError, match="location_bound"):
        load_paths([bad], store_dir)
    assert not store_dir.exists()
    assert _leftovers(store_dir) == {"bad.csv"}


def test_inconsistent_csv_rows_are_named_before_loading(tmp_path):
    graph = ontology_graph()
    graph.parse(
        data="@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "rkg:Owner owl:disjointWith rkg:Telecommuter .\n",
        format="turtle",
    )
    engine = FastReasoner.from_graph(graph)
    path = tmp_path / "owners.csv"
    path.write_text(
        HEADER + "o1,,owner,home,,,,\no2,,owner,org_main_office,,,,\no3,,owner,home,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(InconsistentDataError) as error:
        check_csv(path, engine)
    text = "\n".join(error.value.problems)
    assert "line 2, id 'o1'" in text and "line 4, id 'o3'" in text and "o2" not in text


def test_another_load_in_progress_is_refused(loaded, records, store_dir):
    lock = store_dir.parent / f".{store_dir.name}.lock"
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(InputError, match="another `remote-kg load`"):
            load_paths([records], store_dir)
    assert quads(open_store(store_dir)) == loaded


# A load that reads its inputs slowly: it waits, after checking the store, until the file
# named third is there (and says it got that far by writing the file named fourth).
_SLOW_LOAD = """
import sys, time
from pathlib import Path
import remote_kg.kg.store as store
records, kg, go, ready = sys.argv[1:]
prepare = store._prepare
def slow(*args):
    Path(ready).touch()
    while not Path(go).exists():
        time.sleep(0.05)
    return prepare(*args)
store._prepare = slow
from remote_kg.cli import main
main(["load", records, "--store", kg])
"""


def test_two_first_loads_at_once_both_land_in_the_new_store(tmp_path, store_dir):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(HEADER + "w1,,employee,home,,,,\n")
    second.write_text(HEADER + "w2,,owner,home,,,,\n")
    go, ready = tmp_path / "go", tmp_path / "ready"
    slow = subprocess.Popen([sys.executable, "-c", _SLOW_LOAD, first, store_dir, go, ready],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not ready.exists() and slow.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), slow.communicate()
        assert not store_dir.exists()  # the slow load has seen no store: it will make it
        quick = subprocess.run([sys.executable, "-m", "remote_kg.cli", "load", second,
                                "--store", store_dir], capture_output=True, text=True,
                               timeout=300)
        assert quick.returncode == 0, quick.stderr
    finally:
        go.touch()
        out, err = slow.communicate(timeout=300)
    assert (slow.returncode, out) == (0, ""), err
    assert "Traceback" not in err and "(1 added, 0 replaced)" in err
    ids = {q.object.value for q in open_store(store_dir).quads_for_pattern(
        None, ox.NamedNode(str(RKG.recordId)), None)}
    assert ids == {"w1", "w2"}


def test_load_refuses_to_replace_a_directory_that_is_not_a_store(records, tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="not a store"):
        load_paths([records], target)
    assert (target / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_replace_starts_from_an_empty_store(loaded, tmp_path, store_dir):
    other = tmp_path / "other.csv"
    other.write_text(HEADER + "x1,,owner,home,self_set,own,no,yes\n", encoding="utf-8")
    load_paths([other], store_dir, replace=True)
    assert quads(open_store(store_dir)) == reference_quads(other)


# --- opening ---------------------------------------------------------------------------------


def test_open_store_names_a_missing_directory(tmp_path):
    with pytest.raises(InputError, match="no such store; build one with `remote-kg load"):
        open_store(tmp_path / "nowhere")


def test_open_store_rejects_a_directory_that_is_not_a_store(tmp_path):
    with pytest.raises(InputError, match="not a store made by `remote-kg load`"):
        open_store(tmp_path)


def test_read_only_store_refuses_updates(loaded, store_dir):
    store = open_store(store_dir)
    with pytest.raises(RuntimeError, match="read-write"):
        store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


# --- querying the store ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("examples") / "kg"
    load_paths([EXAMPLES_PATH], directory)
    return directory


def test_query_command_reads_the_store(examples_store, tmp_path):
    query = tmp_path / "count.rq"
    query.write_text(
        "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w a "
        "<https://w3id.org/remote-kg/ontology#Worker> }",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["query", str(query), "--store", str(examples_store), "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    workers = EXAMPLES_PATH.read_text(encoding="utf-8").count("rkg:recordId")
    assert result.output.splitlines()[1] == str(workers)


def _expected(query: Path) -> bool | tuple[list[str], Counter]:
    ask = QUERIES_DIR / "expected" / f"{query.stem}.ask"
    if ask.exists():
        return ask.read_text(encoding="utf-8").strip() == "true"
    rows = list(
        csv.reader(
            (QUERIES_DIR / "expected" / f"{query.stem}.csv").open(encoding="utf-8", newline="")
        )
    )
    return rows[0], Counter(map(tuple, rows[1:]))


@pytest.fixture(scope="module")
def stores(tmp_path_factory, examples_store) -> dict[tuple[Path, ...], Path]:
    """Stores by dataset, built on first use (the seed examples' one to start with)."""
    return {(EXAMPLES_PATH,): examples_store}


@pytest.mark.parametrize("query", sorted(QUERIES_DIR.glob("*.rq")), ids=lambda q: q.stem)
def test_competency_query_over_store_gives_expected_answer(query: Path, stores,
                                                          tmp_path_factory):
    from tests.kg.test_queries import data_of

    data = data_of(query.read_text(encoding="utf-8"))
    if data not in stores:  # the query's own dataset (its `# Data:` line)
        stores[data] = tmp_path_factory.mktemp("data") / "kg"
        load_paths(list(data), stores[data])
    result = CliRunner().invoke(
        cli, ["query", str(query), "--store", str(stores[data]), "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    expected = _expected(query)
    if isinstance(expected, bool):
        assert result.output.strip() == str(expected).lower()
        return
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == expected[0]
    assert Counter(map(tuple, rows[1:])) == expected[1]


# --- the reference reasoner --------------------------------------------------------------------


@pytest.mark.slow
def test_hermit_load_gives_the_same_store_as_fast(records, tmp_path):
    fast, hermit = tmp_path / "fast", tmp_path / "hermit"
    load_paths([records], fast)
    load_paths([records], hermit, reasoner="hermit")
    # The same triples but the run, which names its engine.
    assert without_runs(open_store(hermit)) == without_runs(open_store(fast))
    engines = {name: {s["e"].value for s in open_store(path).query(
        f"SELECT ?e WHERE {{ ?r <{CLASSIFIED_BY}> ?run . ?run <{RKG.engineName}> ?e }}")}
        for name, path in (("fast", fast), ("hermit", hermit))}
    assert engines == {"fast": {"fast"}, "hermit": {"hermit"}}


def test_leftovers_of_a_killed_load_are_cleared(records, store_dir):
    stale = store_dir.parent / f".{store_dir.name}.loading-999999"
    stale.mkdir()
    (stale / "000001.sst").write_bytes(b"half-written")
    load_paths([records], store_dir)
    assert not stale.exists()
    assert quads(open_store(store_dir)) == reference_quads(records)


def test_query_over_csv_data_holds_the_triples_load_stores(records, store_dir):
    """`query --data` / `serve --data` build their graph from a CSV the way `load` does."""
    from remote_kg.api import build_store

    load_paths([records], store_dir)
    stored, built = quads(open_store(store_dir)), quads(build_store([records]))

    def named(found: set[ox.Quad]) -> set[ox.Quad]:  # the ontology's blank nodes: other labels
        return {q for q in found if not isinstance(q.subject, ox.BlankNode)
                and not isinstance(q.object, ox.BlankNode)}

    assert len(built) == len(stored) and named(built) == named(stored)


def test_ids_and_labels_that_look_like_the_internal_placeholders_load_verbatim(tmp_path, store_dir):
    from remote_kg.kg import csv_triples as store_module

    tricky = [
        store_module._PLACEHOLDER_IRI,
        store_module._PLACEHOLDER_ID,
        "works-only-at",
    ]
    path = tmp_path / "tricky.csv"
    path.write_text(
        HEADER + "".join(f"{value},{value},employee,home;vehicle,,,,\n" for value in tricky),
        encoding="utf-8",
    )
    load_paths([path], store_dir)
    assert quads(open_store(store_dir)) == reference_quads(path)


def test_no_optimize_gives_the_same_triples(records, store_dir, capsys):
    code, err = run(
        "load", str(records), "--store", str(store_dir), "--no-optimize", "--quiet", capsys=capsys
    )
    assert code == 0 and err == ""
    assert quads(open_store(store_dir)) == reference_quads(records)


def test_an_error_raised_while_streaming_reaches_the_caller_unchanged(records):
    from remote_kg.kg.csv_triples import CsvPlan, bulk_load_ntriples, csv_ntriples

    stale_plan = CsvPlan(records, answers={}, records=0, ids=set())  # as if the file had changed
    store = ox.Store()
    with pytest.raises(InputError, match="changed while it was being loaded"):
        bulk_load_ntriples(store, csv_ntriples(stale_plan, "https://example.org/"))


def test_a_query_over_a_store_does_not_import_the_classifier_or_the_validators(examples_store):
    """`query --store` loads only what it needs, so a query starts in a fraction of a second."""
    import subprocess
    import sys

    query = QUERIES_DIR / "cq06-outsourcing-without-remote-work.rq"
    script = (
        "import sys\n"
        "from remote_kg.cli import main\n"
        "try:\n"
        f"    main(['query', {str(query)!r}, '--store', {str(examples_store)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = {'pyshacl', 'owlready2', 'remote_kg.api', 'remote_kg.reasoners.fast'}\n"
        "print(sorted(heavy & set(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.stdout.strip() == "true", done.stderr
    assert done.stderr.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("first", ["csv", "ttl"])
def test_a_csv_file_and_its_import_output_load_as_the_same_triples(
    records, store_dir, tmp_path, first, capsys
):
    turtle = tmp_path / "records.ttl"
    assert run("import", str(records), "-o", str(turtle), capsys=capsys)[0] == 0
    order = [records, turtle] if first == "csv" else [turtle, records]
    load_paths([order[0]], store_dir)
    once = without_runs(open_store(store_dir))
    load_paths([order[1]], store_dir)
    # The same data and answers; the records now name the second load's run only (its
    # input's bytes differ, so it is another run), and the first run is gone.
    assert without_runs(open_store(store_dir)) == once
    second_run = graph_run([order[1]])
    assert runs_named(open_store(store_dir)) == {second_run.iri}
    # one description of one run, and a link per record (5): nothing of the first run
    assert len(quads(open_store(store_dir))) == len(once) + len(second_run.lines()) + 5


def test_a_closure_class_written_another_way_keeps_its_own_blank_nodes(tmp_path, store_dir):
    from remote_kg.kg.store import closure_class_labels

    data = tmp_path / "reordered.ttl"
    data.write_text(
        "@prefix rkg: <https://w3id.org/remote-kg/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://w3id.org/remote-kg/data/works-only-at/home+vehicle> a owl:Class ;\n"
        "  owl:equivalentClass [ a owl:Restriction ; owl:onProperty rkg:worksAt ;\n"
        "    owl:allValuesFrom [ a owl:Class ; owl:unionOf ( rkg:Vehicle rkg:Home ) ] ] .\n"
        "<https://w3id.org/remote-kg/data/w1> a owl:NamedIndividual , rkg:Worker ,\n"
        "  <https://w3id.org/remote-kg/data/works-only-at/home+vehicle> ;\n"
        "  rkg:recordId \"w1\" .\n"
    )
    assert closure_class_labels(Graph().parse(data)) == {}  # list order differs from import's
    load_paths([data], store_dir)
    store = open_store(store_dir)
    closure = ox.NamedNode("https://w3id.org/remote-kg/data/works-only-at/home+vehicle")
    owl_equivalent = ox.NamedNode("http://www.w3.org/2002/07/owl#equivalentClass")
    assert len(list(store.quads_for_pattern(closure, owl_equivalent, None))) == 1


def test_adding_to_a_store_built_with_another_ontology_is_refused(
    records, store_dir, monkeypatch
):
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    import remote_kg.kg.store as store_module

    load_paths([records], store_dir)
    before = quads(open_store(store_dir))

    def changed_ontology():
        graph = served_ontology_graph()
        graph.add((URIRef(str(RKG.Teleworker)), RDFS.comment, Literal("a new version")))
        return graph

    monkeypatch.setattr(store_module, "served_ontology_graph", changed_ontology)
    with pytest.raises(InputError, match="another version of the ontology.*--replace"):
        load_paths([records], store_dir)
    assert quads(open_store(store_dir)) == before
    load_paths([records], store_dir, replace=True)  # the way out the message names
    assert ox.Literal("a new version") in {q.object for q in open_store(store_dir)}


# --- provenance: each load is a run -------------------------------------------------------------


_RUN_COUNTS = (
    f"SELECT ?run (COUNT(?w) AS ?n) WHERE {{ ?w <{CLASSIFIED_BY}> ?run }} GROUP BY ?run"
)


def _records_per_run(store_dir: Path) -> dict[str, int]:
    store = open_store(store_dir)
    return {s["run"].value: int(s["n"].value) for s in store.query(_RUN_COUNTS)}


def test_every_loaded_record_names_the_load_run_with_its_ontology_and_engine(records,
                                                                             store_dir):
    from remote_kg.model.ontology import ontology_digest

    load_paths([records], store_dir)
    store = open_store(store_dir)
    run = graph_run([records])
    assert _records_per_run(store_dir) == {run.iri: 5}
    described = {(q.predicate.value, q.object.value)
                 for q in store.quads_for_pattern(ox.NamedNode(run.iri), None, None)}
    assert {(str(RKG.usedOntologyVersion), "https://w3id.org/remote-kg/ontology/0.1.0"),
            ("http://www.w3.org/ns/prov#used", "https://w3id.org/remote-kg/ontology/0.1.0"),
            (str(RKG.engineName), "fast"), (str(RKG.ontologyDigest), ontology_digest()),
            (str(RDF.type), RUN_CLASS),
            (str(RDF.type), "http://www.w3.org/ns/prov#Activity")} <= described


def test_each_load_is_a_run_and_a_reloaded_record_names_only_its_latest(tmp_path, store_dir):
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(HEADER + "a1,,employee,home,,,,\na2,,owner,home,,,,\n", encoding="utf-8")
    second.write_text(HEADER + "a2,,employee,org_main_office,,,,\nb1,,freelancer,,,,,\n",
                      encoding="utf-8")
    load_paths([first], store_dir)
    load_paths([second], store_dir)
    run_1, run_2 = graph_run([first]).iri, graph_run([second]).iri
    assert _records_per_run(store_dir) == {run_1: 1, run_2: 2}
    # a2 came again with the second load: it names that run only
    store = open_store(store_dir)
    named = {q.object.value for q in store.quads_for_pattern(
        ox.NamedNode("https://w3id.org/remote-kg/data/a2"), ox.NamedNode(CLASSIFIED_BY), None)}
    assert named == {run_2}
    # Once no record names the first run, its description is gone too.
    first.write_text(HEADER + "a1,,employee,org_main_office,,,,\n", encoding="utf-8")
    load_paths([first], store_dir)
    run_3 = graph_run([first]).iri
    assert _records_per_run(store_dir) == {run_2: 2, run_3: 1}
    runs = {q.subject.value for q in open_store(store_dir).quads_for_pattern(
        None, ox.NamedNode(str(RDF.type)), ox.NamedNode(RUN_CLASS))}
    assert runs == {run_2, run_3}
    assert not set(open_store(store_dir).quads_for_pattern(ox.NamedNode(run_1), None, None))


def test_loading_the_same_input_again_is_the_same_run_and_adds_nothing(records, store_dir):
    load_paths([records], store_dir)
    once = quads(open_store(store_dir))
    load_paths([records], store_dir)
    assert quads(open_store(store_dir)) == once
