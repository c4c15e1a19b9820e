"""The package's import graph, read from the code with `ast` (issue #24, item 5).

Module-level imports (what runs when a module is imported: its body, class bodies, `try` and
`if` blocks, but not `if TYPE_CHECKING:`) make the graph whose cycles matter; imports inside
functions run later and are listed apart. Importing `a.b.c` also runs `a/__init__.py` and
`a/b/__init__.py`, so those are edges too.

- No import cycle passes through onboarding.models: the models load first and must not need
  the modules that read them.
- selectors/ (reads) never import services/ (writes) or forms/, at any level.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "onboarding"


def _files() -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package), for every module of the package."""
    found = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        rel = path.relative_to(ROOT)
        if "migrations" in rel.parts:
            continue
        parts = list(rel.with_suffix("").parts)
        package = parts[-1] == "__init__"
        if package:
            parts.pop()
        found[".".join(parts)] = (path, package)
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.Module):
    """(node, at module level) for every import statement of a module."""

    def walk(body, module_level):
        for node in body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                yield node, module_level
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                yield from walk(node.body, False)
            elif isinstance(node, ast.If) and _is_type_checking(node):
                continue
            else:
                for field in ("body", "orelse", "finalbody", "handlers"):
                    yield from walk(getattr(node, field, []) or [], module_level)

    yield from walk(tree.body, True)


def _targets(module: str, package: bool, node, modules) -> set[str]:
    """The package's modules an import statement runs, with their enclosing packages, except
    the importer's own enclosing packages: those are already being imported when it runs
    (unless it takes a name other than a submodule from one: that name must be defined already).
    """
    own = {".".join(module.split(".")[:end]) for end in range(1, module.count(".") + 1)}
    if package:
        own.add(module)
    explicit: set[str] = set()
    if isinstance(node, ast.Import):
        named = {alias.name for alias in node.names}
    else:
        if node.level:
            parts = module.split(".")
            base = parts[: len(parts) - node.level + (1 if package else 0)]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        named = {f"{source}.{alias.name}" for alias in node.names} | {source}
        if any(f"{source}.{alias.name}" not in modules for alias in node.names):
            explicit.add(source)
    found = set()
    for name in named:
        parts = name.split(".")
        for end in range(1, len(parts) + 1):
            candidate = ".".join(parts[:end])
            if candidate not in modules or candidate == PACKAGE:
                continue
            if candidate in own and candidate not in explicit:
                continue
            found.add(candidate)
    return found - {module}


def import_graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Module-level edges and function-level edges, module -> imported modules."""
    modules = _files()
    top: dict[str, set[str]] = defaultdict(set)
    late: dict[str, set[str]] = defaultdict(set)
    for module, (path, package) in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node, module_level in _imports(tree):
            targets = _targets(module, package, node, modules)
            (top if module_level else late)[module] |= targets
        top.setdefault(module, set())
    return dict(top), dict(late)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    counter = 0

    def visit(start):
        nonlocal counter
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(found)


def shortest_cycle(graph: dict[str, set[str]], start: str, within: set[str]) -> list[str]:
    """One shortest path start -> ... -> start inside a component, to name in a message."""
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph.get(node, ())):
            if child == start:
                return paths[node] + [start]
            if child in within and child not in paths:
                paths[child] = paths[node] + [child]
                queue.append(child)
    return []


def _is_models(module: str) -> bool:
    return module == f"{PACKAGE}.models" or module.startswith(f"{PACKAGE}.models.")


def test_no_import_cycle_passes_through_the_models():
    top, _ = import_graph()
    through_models = []
    for component in cycles(top):
        members = set(component)
        for module in component:
            if _is_models(module):
                through_models.append(" -> ".join(shortest_cycle(top, module, members)))
    assert not through_models, "Import cycles through onboarding.models (module level):\n" + (
        "\n".join(sorted(set(through_models)))
    )


def test_reads_never_import_writes_or_forms():
    top, late = import_graph()
    found = [
        f"{module} -> {target}{'' if level == 'top' else ' (in a function)'}"
        for level, graph in (("top", top), ("late", late))
        for module, targets in sorted(graph.items())
        if module.startswith(f"{PACKAGE}.selectors")
        for target in sorted(targets)
        if target.startswith((f"{PACKAGE}.services", f"{PACKAGE}.forms"))
    ]
    assert not found, "selectors/ import services/ or forms/:\n" + "\n".join(found)


# The graph reader itself.


def test_the_graph_resolves_relative_imports_and_enclosing_packages():
    top, late = import_graph()
    # rules/people.py: `from ..models import AuditEvent` inside a function only.
    assert f"{PACKAGE}.models" in late[f"{PACKAGE}.rules.people"]
    assert f"{PACKAGE}.models" not in top[f"{PACKAGE}.rules.people"]
    # services/role_grants.py imports rules.roles, which runs rules/__init__.py first.
    assert {f"{PACKAGE}.rules.roles", f"{PACKAGE}.rules"} <= top[f"{PACKAGE}.services.role_grants"]


def test_cycles_are_found_and_named():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert shortest_cycle(graph, "b", {"a", "b", "c"}) == ["b", "c", "a", "b"]
