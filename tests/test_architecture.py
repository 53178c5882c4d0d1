"""The dependency direction between Tidlig's apps, read from the code's own imports (issue 9).

Pure AST, no Django: every `import` and `from … import` in tidlig/**/*.py (tests and migrations left out),
module level and function level alike, since a function-local import is still a dependency. The layers,
lowest first (docs/architecture.md draws them):

    rules  ←  organisation / people  ←  timeline  ←  intake  ←  cases / interventions / plans  ←  review,
                                                                                   network, genogram, fit
                                                                                   ←  course (on network)
                                                  ↖  early detection (wellbeing, concerns, crossteam)

`core`, `audit` and `accounts` are shared infrastructure; the root modules (settings, urls, api) wire
everything together and may import anything. The allow-lists below are today's known exceptions; they
may only shrink: an entry that no longer occurs fails the test too, so the fix is recorded by deleting it. The
forbidden-import list is empty since issue 9 and stays so.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "tidlig"

CASE_APPS = {"cases", "interventions", "plans"}
EARLY_DETECTION = {"wellbeing", "concerns", "crossteam"}
BELOW_INTAKE = {"organisation", "people"}
ABOVE_TIMELINE = {"intake"} | CASE_APPS | EARLY_DETECTION
ABOVE_PEOPLE = {"timeline"} | ABOVE_TIMELINE
NOBODY_IMPORTS = {"metrics", "demo", "comparison", "delivery"}
# Case review (issue 12) and the family's work (issue 13: network meetings, the genogram, FIT) read the spine
# and the case apps; they sit above them, so no app imports them (the demo, at the very top, builds them).
ABOVE_CASES = {"review", "network", "genogram", "fit", "course", "family"}
# The § 30 course (issue 13 § 3) is built from network meetings: it sits one step above network, which knows it
# only through the hook it registers (`network.services.register_meeting_held`).
# The family's own pages (issue 14, `family`) show the plan, meetings, course and FIT to the family: the top of the
# stack, reading every app below it; nothing but the root modules and the demo imports it.
BUILT_ON: dict[str, set[str]] = {"course": {"network"}, "family": {"network", "course", "fit", "genogram"}}
# The outbox (issue 14 §4, Digital Post) is infrastructure beside audit: intake, the case apps and the rest
# send letters through it, so it imports nothing above organisation and people (a sent letter is told to the
# app that wrote it by a signal).
INFRASTRUCTURE = {"post"}

# Known violations, as (importer, imported) dotted modules: none since issue 9. Intake's hand-overs to case work
# (the § 20 investigation, a new caseworker's deadlines) and the facts of measures that intake and early
# detection read go through `timeline.registry`, registered by cases and interventions in their ready().
# The list stays empty: a new exception is not added here but solved the same way.
ALLOWED_IMPORTS: set[tuple[str, str]] = set()

# Import cycles between files that remain (each as the set of modules in one strongly connected component).
# This list may only shrink; a component may get smaller, never bigger.
ALLOWED_CYCLES: list[set[str]] = []


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).parts
        if "tests" in rel or "migrations" in rel:
            continue
        found[_module_name(path)] = path
    return found


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    if node.level > 1:
        base = base[: -(node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph() -> dict[str, set[str]]:
    """Module → the tidlig modules it imports (a `from pkg import name` counts pkg.name when that is a module)."""
    sources = _sources()
    graph: dict[str, set[str]] = {name: set() for name in sources}
    for name, path in sources.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                module = _resolve(name, is_package, node)
                targets = [module]
                targets += [
                    f"{module}.{alias.name}" for alias in node.names if f"{module}.{alias.name}" in sources
                ]
            for target in targets:
                if target in sources and target != name:
                    graph[name].add(target)
    return graph


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (ROOT / parts[1]).is_dir()) else None


def _is_door(module: str) -> bool:
    """A module that is an app's door (views, forms, API routers), not something to build on."""
    return any(part.startswith(("views", "forms", "api")) for part in module.split(".")[2:])


def forbidden(importer: str, imported: str) -> str | None:
    """Why importer may not import imported, or None when it may."""
    a, b = _app(importer), _app(imported)
    if a is None or b is None or a == b:
        return None  # the root modules (settings, urls, api) wire the apps together
    if a == "rules":
        return "rules/ is pure: it imports no app"
    if a in INFRASTRUCTURE and b in ABOVE_PEOPLE | ABOVE_CASES:
        return f"{a} is infrastructure: it imports no app above organisation and people"
    if a in BELOW_INTAKE and b in ABOVE_PEOPLE:
        return f"{a} sits below the spine, intake, cases and early detection"
    if a == "timeline" and b in ABOVE_TIMELINE:
        return (
            "the spine imports none of the apps above it (they register their sections in timeline.registry)"
        )
    if a in EARLY_DETECTION and b in CASE_APPS:
        return "early detection never imports the case apps"
    if a == "intake" and b in CASE_APPS:
        return "intake is the first step of the path: it imports no later one"
    if b in NOBODY_IMPORTS:
        return f"nothing imports {b}"
    if b in ABOVE_CASES and a != "demo" and b not in BUILT_ON.get(a, set()):
        return f"{b} sits above the case apps: only the root modules import it"
    if _is_door(imported) and b != "core":  # core holds the shared form, schema and API helpers
        return "no app imports another app's views, forms or API modules"
    return None


def test_no_app_imports_in_a_forbidden_direction():
    assert not ALLOWED_IMPORTS, "No exceptions (issue 9): an upper app registers in timeline.registry instead"
    graph = import_graph()
    found = {
        (importer, imported): why
        for importer, targets in graph.items()
        for imported in targets
        if (why := forbidden(importer, imported))
    }
    new = sorted(f"{a} → {b}: {why}" for (a, b), why in found.items() if (a, b) not in ALLOWED_IMPORTS)
    assert not new, "Imports in a forbidden direction (see docs/architecture.md):\n" + "\n".join(new)
    gone = sorted(f"{a} → {b}" for a, b in ALLOWED_IMPORTS - set(found))
    assert not gone, "Fixed, so delete from ALLOWED_IMPORTS:\n" + "\n".join(gone)


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(component)
    return components


def test_the_cycle_finder_finds_a_cycle_and_nothing_else():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert _cycles(graph) == [{"a", "b", "c"}]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_the_rules_say_what_the_architecture_says():
    assert forbidden("tidlig.rules.casework", "tidlig.people.models")
    assert forbidden("tidlig.crossteam.services", "tidlig.cases.models")
    assert forbidden("tidlig.people.selectors", "tidlig.intake.models")
    assert forbidden("tidlig.post.services", "tidlig.interventions.models")
    assert forbidden("tidlig.post.services", "tidlig.timeline.services")
    assert not forbidden("tidlig.interventions.services.outbox", "tidlig.post.services")
    assert forbidden("tidlig.cases.views", "tidlig.metrics.selectors")
    assert forbidden("tidlig.plans.api", "tidlig.cases.api_casework")
    assert forbidden("tidlig.crossteam.forms", "tidlig.interventions.forms")
    assert forbidden("tidlig.timeline.selectors", "tidlig.intake.models")
    assert forbidden("tidlig.timeline.services", "tidlig.cases.models")
    assert forbidden("tidlig.timeline.selectors", "tidlig.wellbeing.access")
    assert forbidden("tidlig.people.selectors", "tidlig.timeline.models")
    assert not forbidden("tidlig.cases.services", "tidlig.people.models")
    assert not forbidden("tidlig.intake.models", "tidlig.timeline.models")
    assert not forbidden("tidlig.crossteam.early", "tidlig.timeline.models")
    assert not forbidden("tidlig.timeline.selectors", "tidlig.audit.services")
    assert not forbidden("tidlig.crossteam.forms", "tidlig.core.forms")
    assert not forbidden("tidlig.urls", "tidlig.metrics.views")
    assert not forbidden("tidlig.interventions.views", "tidlig.interventions.forms")
    assert forbidden("tidlig.cases.selectors", "tidlig.review.models")
    assert forbidden("tidlig.interventions.services.decisions", "tidlig.review.services")
    assert not forbidden("tidlig.review.facts", "tidlig.interventions.models")
    assert not forbidden("tidlig.review.facts", "tidlig.timeline.models")


def test_there_are_no_import_cycles_between_files():
    cycles = _cycles(import_graph())
    new = [sorted(c) for c in cycles if not any(c <= allowed for allowed in ALLOWED_CYCLES)]
    assert not new, "Import cycles between files:\n" + "\n".join(" ↔ ".join(c) for c in new)
    gone = [sorted(a) for a in ALLOWED_CYCLES if not any(c & a for c in cycles)]
    assert not gone, "Cycle gone, so delete from ALLOWED_CYCLES:\n" + "\n".join(" ↔ ".join(a) for a in gone)


# Doors (views, API routers) that still log a read themselves, as (module, function). A read of a child's data
# is logged by the selector that reads it, so it is logged once whichever door it came through. This list
# may only shrink.
ALLOWED_DOOR_ACCESS_LOGS: set[tuple[str, str]] = set()


def _calls_record_access(tree: ast.AST) -> list[str]:
    """The functions (or <module>) in which `record_access(...)` or `x.record_access(...)` is called."""
    found = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Call):
                func = child.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if name == "record_access":
                    found.append(where)
            visit(child, where)

    visit(tree, "<module>")
    return found


def door_access_logs() -> set[tuple[str, str]]:
    found = set()
    for name, path in _sources().items():
        if not (_app(name) and name.split(".")[-1].startswith(("views", "api"))):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found |= {(name, where) for where in _calls_record_access(tree)}
    return found


def test_the_access_log_finder_sees_a_call_in_a_function_and_at_module_level():
    tree = ast.parse(
        "def page(r):\n    audit.record_access(actor=1, child_ids=[], what='x')\nrecord_access()\n"
    )
    assert sorted(_calls_record_access(tree)) == ["<module>", "page"]
    assert _calls_record_access(ast.parse("def page(r):\n    selectors.child_history(r)\n")) == []


def test_views_and_api_routers_leave_logging_reads_to_the_selectors():
    """One door (issue 9): the read a view and its API twin both make is logged in one selector, not twice."""
    found = door_access_logs()
    new = sorted(found - ALLOWED_DOOR_ACCESS_LOGS)
    assert not new, "Move the audit.record_access into a selector:\n" + "\n".join(f"{m}.{f}" for m, f in new)
    gone = sorted(ALLOWED_DOOR_ACCESS_LOGS - found)
    assert not gone, "No longer there, so delete from ALLOWED_DOOR_ACCESS_LOGS:\n" + "\n".join(map(str, gone))
