"""Follow one command through the package: the modules it stops in, and how often it goes
back into a module it had already left.

    python scripts/walk.py classify examples/workers.csv -f csv
    python scripts/walk.py --print serve-graph examples/workers.csv

The walk is read off the calls made from the command's callback on (code run while a
module is imported aside), at the level of modules: each first call from one module into
another is a step. A step into a module visited before that is not on the stack (a
callback going back up is not one) is a return: the reader following the input has to go
back to a module already read. `serve-graph INPUT...` follows what `serve --data` does
before it listens: building the served graph (`kg.graph.build_store`). Steps into the
floor (`_floor`: the model, errors, outputs, the plugin registry) are not counted.
"""

from __future__ import annotations

import sys


def walk(run) -> list[tuple[str, str, bool]]:
    """(caller module, callee module, whether the callee was visited before and is not on
    the stack) for each first call between two modules made by `run()`."""
    steps: list[tuple[str, str, bool]] = []
    seen_edges: set[tuple[str, str]] = set()
    visited: set[str] = set()

    def profile(frame, event, arg):
        if event != "call" or frame.f_code.co_name == "<module>":
            return
        callee = frame.f_globals.get("__name__", "")
        caller_frame = frame.f_back
        caller = caller_frame.f_globals.get("__name__", "") if caller_frame else ""
        if not callee.startswith("remote_kg") or callee == caller or _floor(callee):
            return
        stack = _stack(frame)
        if stack is None:
            return
        if not caller.startswith("remote_kg"):
            caller = next((m for m in stack if m.startswith("remote_kg")), caller)
        if (caller, callee) in seen_edges:
            return
        seen_edges.add((caller, callee))
        steps.append((caller, callee, callee in visited and callee not in stack))
        visited.update((caller, callee))

    sys.setprofile(profile)
    try:
        run()
    except SystemExit:
        pass
    finally:
        sys.setprofile(None)
    return steps


def _floor(module: str) -> bool:
    """The floor every room stands on: the model's data types and vocabulary, errors,
    outputs and the plugin registry. A reader follows a step into them without leaving
    the stage, so they are neither stops nor returns."""
    return module.startswith("remote_kg.model") or module in (
        "remote_kg.errors", "remote_kg.outputs", "remote_kg.plugins")


def _stack(frame) -> list[str] | None:
    """The modules on the stack above `frame`, innermost first; None for a call made
    while a module is imported or outside the command."""
    modules: list[str] = []
    frame = frame.f_back
    while frame is not None:
        code = frame.f_code
        if code.co_name == "<module>":
            return None
        modules.append(frame.f_globals.get("__name__", ""))
        if code.co_name.endswith("_command") or code.co_name == "build_store":
            return modules
        frame = frame.f_back
    return None


def main(argv: list[str]) -> None:
    show = "--print" in argv
    argv = [a for a in argv if a != "--print"]
    if argv[0] == "serve-graph":
        from pathlib import Path

        from remote_kg.kg.graph import build_store

        steps = walk(lambda: build_store([Path(a) for a in argv[1:]], include_examples=False))
    else:
        import io
        from contextlib import redirect_stdout

        from remote_kg.cli import main as cli

        with redirect_stdout(io.StringIO()):
            steps = walk(lambda: cli(argv))
    if show:
        for caller, callee, back in steps:
            print(f"{caller} -> {callee}{'   (return)' if back else ''}")
    modules = {m for step in steps for m in step[:2] if m.startswith("remote_kg")}
    print(f"{len(modules)} modules, {sum(b for _, _, b in steps)} returns to a module "
          f"already left ({len(steps)} steps)")


if __name__ == "__main__":
    main(sys.argv[1:])
