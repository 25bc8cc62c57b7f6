"""The package's shape: one registry of plugins, shared options, layers without cycles."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from remote_kg import plugins
from remote_kg.cli import cli
from remote_kg.commands.options import SharedOption
from tests.conftest import REPO

PACKAGE = REPO / "remote_kg"
SHARED_FLAGS = {"-o", "--output", "-f", "--format", "--ontology"}


def _commands() -> list[click.Command]:
    ctx = click.Context(cli)
    return [cli.get_command(ctx, name) for name in cli.list_commands(ctx)]


def test_every_command_is_a_registered_plugin_in_the_commands_room():
    names = plugins.names("command")
    assert len(names) >= 13
    for name, command in zip(names, _commands()):
        assert command.name == name
        assert command.callback.__module__.startswith("remote_kg.commands.")


@pytest.mark.parametrize("command", _commands(), ids=lambda c: c.name)
def test_output_format_and_ontology_options_come_from_the_shared_factories(command):
    for param in command.params:
        if SHARED_FLAGS & set(param.opts):
            assert isinstance(param, SharedOption), f"{command.name}: {param.opts}"


def test_format_and_reasoner_choices_come_from_the_registry(monkeypatch):
    classify = cli.get_command(click.Context(cli), "classify")
    choices = {p.name: p.type.choices for p in classify.params
               if isinstance(p.type, click.Choice)}
    assert list(choices["fmt"]) == plugins.names("writer")
    assert list(choices["reasoner"]) == plugins.names("engine")


def test_a_plugin_is_imported_only_when_first_asked_for():
    code = ("import sys; from remote_kg import plugins; plugins.names('writer'); "
            "assert 'remote_kg.pipeline.writers' not in sys.modules; "
            "plugins.get('writer', 'csv'); "
            "assert 'remote_kg.pipeline.writers' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_an_unknown_plugin_is_an_error_naming_the_known_ones():
    with pytest.raises(plugins.PluginError, match="unknown writer 'xlsx'.*json"):
        plugins.get("writer", "xlsx")


def test_a_registered_writer_can_be_chosen_and_written_with(monkeypatch, tmp_path):
    from remote_kg.pipeline.writers import Writer, formats, writer_for

    seen = []
    monkeypatch.setitem(plugins._PLACES, "writer", dict(plugins._PLACES["writer"]))
    plugins.register("writer", "ids", Writer("ids", lambda out, batch: seen.append(out)))
    assert "ids" in formats()
    writer_for("ids").write("x", None)
    assert seen == ["x"]


def test_nothing_in_the_package_imports_the_api_face():
    for path in PACKAGE.rglob("*.py"):
        if path == PACKAGE / "api.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module != "remote_kg.api", path
                assert not (node.module == "remote_kg" and any(a.name == "api" for a in node.names))


def test_no_private_name_is_imported_across_modules():
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("remote_kg"):
                private = [a.name for a in node.names if a.name.startswith("_")
                           and not a.name.startswith("__")]
                assert not private, f"{path}: imports {private} from {node.module}"


def test_at_most_eight_modules_sit_at_the_top_of_the_package():
    assert len(list(PACKAGE.glob("*.py"))) <= 8


def test_the_layers_contract_holds():
    """import-linter's contract in pyproject.toml: no cycle, no upward import."""
    linter = Path(sys.executable).with_name("lint-imports")
    if not linter.exists():
        pytest.skip("import-linter is not installed")
    done = subprocess.run([str(linter)], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


def test_another_package_adds_a_writer_through_an_entry_point(tmp_path):
    """A distribution declaring `[remote_kg.writers] ids = ...` makes `-f ids` a choice of
    `classify`, without any change to remote-kg."""
    (tmp_path / "ids_writer.py").write_text(
        "from remote_kg.outputs import atomic_output\n"
        "from remote_kg.pipeline.writers import Writer\n"
        "def _write(output, batch):\n"
        "    with atomic_output(None) as out:\n"
        "        out.write(''.join(r.id + '\\n' for r in batch.results))\n"
        "WRITER = Writer('ids', _write)\n")
    info = tmp_path / "ids_writer-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ids-writer\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[remote_kg.writers]\nids = ids_writer:WRITER\n")
    code = ("import sys; from remote_kg.cli import main; "
            "main(['classify', 'examples/workers.csv', '-f', 'ids'])")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO}"}
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "freelance-engineer-at-home"
