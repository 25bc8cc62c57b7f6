"""Options shared by several commands, declared once so they mean the same everywhere."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from remote_kg import plugins
from remote_kg.errors import InputError
from remote_kg.model.csv_dialect import DELIMITERS, EXTRA_COLUMNS
from remote_kg.model.namespaces import DEFAULT_BASE, check_base


class SharedOption(click.Option):
    """An option made by one of this module's factories: the same flag means the same
    thing in every command (a test checks every command's -o, -f and --ontology)."""


def output_option(help: str = "Output file (written atomically); default: stdout.",
                  directory: bool = False, required: bool = False, dest: str = "output"):
    """-o / --output: a file (or, with `directory`, a directory) to write to. A file that
    is one of the command's inputs is refused before the command runs (`refuse_inputs`)."""
    kind = click.Path(path_type=Path, file_okay=False) if directory else click.Path(
        dir_okay=False)
    option = click.option("-o", "--output", dest, cls=SharedOption, type=kind, default=None,
                          required=required, help=help)
    if directory:
        return option

    def decorate(command):
        @functools.wraps(command)
        def run(*args, **kwargs):
            refuse_inputs(click.get_current_context(), dest)
            return command(*args, **kwargs)

        return option(run)

    return decorate


# Path options that name files the command writes, not reads.
OUTPUT_PARAMETERS = frozenset({"rejects"})


def refuse_inputs(context: click.Context, dest: str = "output") -> None:
    """InputError if the file the option `dest` names is a file the command reads: any of
    its other path parameters (an argument, --data, --deals, --ontology...), directories
    and patterns taken file by file as the inputs are (`pipeline.inputs.expand`)."""
    from remote_kg.outputs import check_not_an_input

    output = context.params.get(dest)
    if output is None or str(output) == "-" or not Path(output).is_file():
        return  # a new file (or stdout, a device) overwrites nothing
    names: list[str] = []
    for parameter in context.command.params:
        if (parameter.name in (dest, *OUTPUT_PARAMETERS)
                or not isinstance(parameter.type, click.Path)):
            continue
        value = context.params.get(parameter.name)
        names += map(str, value) if isinstance(value, (list, tuple)) else (
            [str(value)] if value is not None else [])
    check_not_an_input(output, _named_files(names))


def _named_files(names: list[str]) -> list[str]:
    """The files `names` stand for, as the inputs read them; a name that stands for none is
    kept as it is (the command says what is wrong with it)."""
    from remote_kg.pipeline.inputs import expand

    found: list[str] = []
    for name in names:
        try:
            found += expand([name])
        except InputError:
            found.append(name)
    return found


def format_option(choices: list[str] | tuple[str, ...], default: str | None,
                  help: str = "Output format."):
    """-f / --format: one of `choices`. With `default` None the command picks the format
    from -o's extension (`output_format`)."""
    return click.option("-f", "--format", "fmt", cls=SharedOption, type=click.Choice(choices),
                        default=default, show_default=default is not None, help=help)


def excel_option(command):
    """--excel (a UTF-8 byte-order mark) and --output-delimiter (`;` or tab between cells)
    for commands that write CSV."""

    @functools.wraps(command)
    def run(*args, excel: bool, output_delimiter: str, **kwargs):
        from remote_kg.pipeline.writers import EXCEL_CSV

        token = EXCEL_CSV.set(excel)
        try:
            if output_delimiter == "comma":
                return command(*args, **kwargs)
            return _with_delimiter(command, args, kwargs, output_delimiter)
        finally:
            EXCEL_CSV.reset(token)

    run = click.option(
        "--output-delimiter", type=click.Choice(["comma", "semicolon", "tab"]),
        default="comma", show_default=True,
        help="Between the cells of CSV output: semicolon for Excel in locales whose decimal "
        "mark is a comma (with --excel), or tab. Implies CSV output.")(run)
    return click.option(
        "--excel", is_flag=True,
        help="Start CSV output with a UTF-8 byte-order mark, so that Excel reads accented "
        "names right (it otherwise assumes the locale's code page).")(run)


def _with_delimiter(command, args, kwargs, name: str):
    """Run `command` writing CSV to a scratch file, then copy it to the real output with
    `name`'s delimiter between the cells (read back by the csv module, so quoting stays
    right), all or nothing."""
    import csv
    import tempfile

    from remote_kg.outputs import atomic_output

    output, fmt = kwargs.get("output"), kwargs.get("fmt")
    if fmt not in (None, "csv") or (
            fmt is None and output not in (None, "-") and Path(output).suffix
            and Path(output).suffix.lower() != ".csv"):
        raise InputError(f"--output-delimiter {name} writes CSV; it does not go with "
                         f"{'--format ' + fmt if fmt else 'the output ' + str(output)}")
    mark = {v: k for k, v in DELIMITERS.items()}[name]
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))  # our own cells, any size
    with tempfile.TemporaryDirectory(prefix="remote-kg-") as scratch:
        comma = Path(scratch) / "answers.csv"
        result = command(*args, **{**kwargs, "output": str(comma), "fmt": "csv"})
        with comma.open(encoding="utf-8", newline="") as source, atomic_output(
                Path(output) if output not in (None, "-") else None) as out:
            csv.writer(out, delimiter=mark, lineterminator="\r\n").writerows(
                csv.reader(source))
    return result


# File name endings that name a format, beside those the writers declare (`Writer.extensions`).
OTHER_EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".tsv": "tsv"}


def extension_formats() -> dict[str, str]:
    """Format names by the file name endings that stand for them."""
    from remote_kg.pipeline.writers import formats, writer_for

    found = dict(OTHER_EXTENSIONS)
    for fmt in formats():
        for ending in writer_for(fmt).extensions:
            found.setdefault(ending.lower(), fmt)
    return found


def output_format(fmt: str | None, output: str | Path | None, choices: list[str] | tuple[str, ...],
                  default: str) -> str:
    """The format to write: `-f` when given; else the one `-o`'s extension names, which
    must be among `choices` (InputError otherwise: never JSON in a file called .csv);
    else `default` (stdout, or a file name with no extension)."""
    if fmt is not None:
        return fmt
    if output is None or str(output) == "-":
        return default
    ending = Path(output).suffix.lower()
    if not ending:
        return default
    endings = extension_formats()
    named = endings.get(ending)
    if named in choices:
        return named
    takes = ", ".join(
        f"{c} ({', '.join(e for e, f in endings.items() if f == c) or 'no extension'})"
        for c in choices)
    what = f"names the format {named}, which this command does not write" if named else (
        "names no format")
    raise InputError(f"{output}: the extension {ending!r} {what}; this command writes "
                     f"{takes}: give one of those extensions or -f FORMAT")


def ontology_option(help: str = "Use another copy of the ontology (Turtle).",
                    default: Path | None = None):
    """--ontology: a Turtle copy of the ontology to use instead of the bundled one."""
    return click.option("--ontology", cls=SharedOption,
                        type=click.Path(dir_okay=False, exists=True, path_type=Path),
                        default=default, show_default=default is not None, help=help)


base_option = click.option(
    "--base",
    default=DEFAULT_BASE,
    show_default=True,
    callback=lambda _context, _parameter, base: check_base(base),
    help="IRI prefix of record individuals (<base><id>).",
)

reasoner_option = click.option(
    "--reasoner",
    type=click.Choice(plugins.names("engine")),
    default="fast",
    show_default=True,
    help="fast: the ontology's axioms evaluated over all fact combinations; "
    "hermit: the HermiT reference (slow).",
)

categories_option = click.option(
    "--categories",
    default=None,
    metavar="LIST",
    help="Which categories to decide and output: comma-separated category names (such "
    "as Teleworker,EUTeleworker), or seed (the default), authorities (the official "
    "definitions of ontology/perspectives/) or all.",
)

deals_option = click.option(
    "--deals",
    "deals",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A deals CSV (id, label, provider, workers) whose workers are records of the "
    "inputs; its deals are classified and added too. Repeatable.",
)

quiet_option = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="No progress report on stderr (there is none outside a terminal).",
)


rejects_option = click.option(
    "--rejects",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE",
    help="Set bad rows aside: classify every good row and write each refused one (a bad "
    "value, a duplicate id, an inconsistent record, a bad posting or deal) to FILE (.csv or "
    ".jsonl) with its line, column, value, reason and cells; stderr says how many. "
    "Without it one bad row refuses the whole file.",
)


def existing_file(path: str) -> Path:
    """`path` as a Path; InputError (exit 2) if it is missing or a directory."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a file")
    return p


def csv_options(command):
    """--extra-columns and --delimiter, for commands that read CSV records: every CSV
    reader of the command follows them (`records.CSV_OPTIONS`)."""

    @functools.wraps(command)
    def run(*args, extra_columns: str, delimiter: str | None, columns: tuple[str, ...],
            **kwargs):
        if extra_columns == "refuse" and delimiter is None and not columns:
            return command(*args, **kwargs)  # the readers' default: no records module yet
        from remote_kg.model.records import CSV_OPTIONS, CsvOptions, column_mapping

        chosen = {name: mark for mark, name in DELIMITERS.items()}.get(delimiter or "")
        token = CSV_OPTIONS.set(CsvOptions(extra_columns=extra_columns, delimiter=chosen,
                                           columns=column_mapping(columns)))
        try:
            return command(*args, **kwargs)
        finally:
            CSV_OPTIONS.reset(token)

    run = click.option(
        "--columns",
        multiple=True,
        metavar='"THEIRS=OURS,..."',
        help="Map the export's column names to ours before the header is checked, e.g. "
        '--columns "Employee ID=id,Work location=workplaces" (names match ignoring case; a '
        "name holding a comma is fine: commas only separate pairs). Repeatable.",
    )(run)
    run = click.option(
        "--delimiter",
        type=click.Choice(list(DELIMITERS.values())),
        default=None,
        help="CSV delimiter; default: detected from the header (comma, semicolon or tab).",
    )(run)
    return click.option(
        "--extra-columns",
        type=click.Choice(EXTRA_COLUMNS),
        default="refuse",
        show_default=True,
        help="CSV columns the record contract does not name: refuse them (a misspelt column "
        "is caught), keep them (classify passes them through to CSV / JSON output) or "
        "ignore them.",
    )(run)


def input_arguments(command=None, *, required: bool = True):
    """INPUT... with --input-format and --encoding: the command is called with `sources`,
    the Inputs its arguments name (`pipeline.inputs.arrived`: files, directories, glob
    patterns, `-` for standard input), and errors raised in it name the inputs as given.
    Without `required`, no INPUT gives no sources."""
    if command is None:
        return functools.partial(input_arguments, required=required)
    run = _arriving(command, "inputs", "sources")
    return click.argument("inputs", metavar="INPUT...", nargs=-1, required=required,
                          type=click.Path(allow_dash=True))(run)


def data_option(help: str, stdin_taken_by: tuple[str, str] | None = None):
    """--data (repeatable) with --input-format and --encoding: the command is called with
    `data`, the Inputs the --data values name, as `input_arguments` reads its arguments.
    `stdin_taken_by` names the command's argument that may read standard input itself,
    and what it holds: `--data -` with that argument `-` too is refused."""

    def decorate(command):
        run = _arriving(command, "data", "data", stdin_taken_by)
        return click.option("--data", "data", multiple=True, metavar="INPUT",
                            type=click.Path(allow_dash=True), help=help)(run)

    return decorate


def _arriving(command, given: str, passed: str,
              stdin_taken_by: tuple[str, str] | None = None):
    """`command` with --input-format and --encoding, called with the Inputs that its
    parameter `given` names (`pipeline.inputs.arrived`) as its parameter `passed`."""

    @functools.wraps(command)
    def run(*args, input_format: str | None, encoding: str | None, **kwargs):
        names = kwargs.pop(given)
        if not names and input_format is None and encoding is None:
            return command(*args, **{passed: []}, **kwargs)  # nothing to read or check
        from remote_kg.pipeline.inputs import STDIN, arrived

        if STDIN in names and stdin_taken_by and kwargs.get(stdin_taken_by[0]) == STDIN:
            raise InputError(f"--{given} {STDIN}: standard input already holds "
                             f"{stdin_taken_by[1]}; give the data as a file, directory or "
                             "pattern")
        with arrived(names, input_format, encoding) as sources:  # stdin: sys.stdin.buffer
            return command(*args, **{passed: sources}, **kwargs)

    from remote_kg.pipeline.input_formats import INPUT_FORMATS

    run = click.option(
        "--encoding", metavar="ENC", default=None,
        help="The text encoding of CSV, JSON and HTML inputs (such as cp1252, latin-1, "
        "utf-16); default: UTF-8, or for an HTML page the charset it declares.")(run)
    return click.option(
        "--input-format", type=click.Choice(list(INPUT_FORMATS)), default=None,
        help="What standard input (-) holds; default: guessed from its first bytes "
        "(Parquet, HTML, JSON or JSON Lines, else CSV).")(run)
