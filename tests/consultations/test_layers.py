"""The consultations app in layers: models ← pure/selectors ← services ← views, forms, admin, tasks, commands.

Every import counts, the ones inside functions too: an import deferred to call time is still a
dependency, and deferring is how the old cycle coding → report_pdf → report → coding hid."""

import ast
from pathlib import Path

import consultations

APP = Path(consultations.__file__).parent
READERS = {"models", "keywords", "tables", "selectors", "report", "exports"}
WRITERS = {"coding", "definition", "imports", "staging", "outcomes", "report_pdf", "permissions", "queue", "demo"}
OUTER = {"views", "forms", "admin", "tasks", "apps", "urls"}


def _module(path: Path) -> str:
    return ".".join(path.relative_to(APP.parent).with_suffix("").parts).removesuffix(".__init__")


def _graph() -> dict[str, set[str]]:
    graph = {}
    for path in APP.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = _module(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{parent}.{base}" if base else parent
                imported.add(base)
                imported |= {f"{base}.{alias.name}" for alias in node.names}
        graph[name] = {m for m in imported if m.startswith("consultations.")} & _all_modules() - {name}
    return graph


def _all_modules() -> set[str]:
    return {_module(p) for p in APP.rglob("*.py") if "migrations" not in p.parts}


def _short(module: str) -> str:
    return module.removeprefix("consultations").removeprefix(".") or "__init__"


def test_there_is_no_import_cycle_in_consultations():
    graph = _graph()
    cycles = []

    def visit(node, path, on_path, done):
        for nxt in sorted(graph[node]):
            if nxt in on_path:
                cycles.append(" → ".join(_short(m) for m in path[path.index(nxt) :] + [nxt]))
            elif nxt not in done:
                on_path.add(nxt)
                visit(nxt, path + [nxt], on_path, done)
                on_path.discard(nxt)
        done.add(node)

    done: set[str] = set()
    for start in sorted(graph):
        if start not in done:
            visit(start, [start], {start}, done)
    assert cycles == []


def test_readers_import_no_writer_and_writers_no_view_form_admin_or_task():
    graph = _graph()
    for module, imports in graph.items():
        short = {_short(m) for m in imports}
        if _short(module) in READERS:
            assert short & (WRITERS | OUTER) == set(), (
                f"{_short(module)} reads, yet imports {short & (WRITERS | OUTER)}"
            )
        if _short(module) in WRITERS:
            assert short & OUTER == set(), f"{_short(module)} writes, yet imports {short & OUTER}"


def test_every_module_has_a_layer():
    layered = READERS | WRITERS | OUTER | {"__init__"}
    unplaced = {_short(m) for m in _all_modules() if not _short(m).startswith(("management", "__init__"))} - layered
    assert unplaced == set(), "place new modules in a layer above"
