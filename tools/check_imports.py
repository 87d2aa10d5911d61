"""Checks the apps' import direction and that no modules import each other in a cycle.

    core <- accounts <- cities <- representatives <- plans <- partnerships <- network
        <- stats <- portal <- opendata <- ascn

An app may import the apps to its left only (bench may import any app; ascn's URL and
router modules import the apps' URL modules and view sets). Imports inside functions
count too: a lazy import that hides a cycle is still a cycle. Exits 1 on a finding."""

import ast
import sys
from pathlib import Path

ORDER = [
    "core",
    "accounts",
    "cities",
    "representatives",
    "plans",
    "partnerships",
    "network",
    "stats",
    "portal",
    "opendata",
]
WIRING = {"ascn", "bench"}
ROOT = Path(__file__).resolve().parent.parent


def modules():
    for package in [*ORDER, *WIRING]:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def imported(name, path):
    """The project modules `name` imports (absolute and relative), anywhere in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            yield module, node.lineno
            for alias in node.names:  # `from . import services` names a module
                yield f"{module}.{alias.name}", node.lineno


def main():
    known = dict(modules())
    rank = {app: i for i, app in enumerate(ORDER)}
    problems, graph = [], {}
    for name, path in known.items():
        app = name.split(".")[0]
        edges = graph.setdefault(name, set())
        for target, line in imported(name, path):
            if target not in known:
                continue
            other = target.split(".")[0]
            if target != name:
                edges.add(target)
            if app in rank and other in rank and rank[other] > rank[app]:
                problems.append(f"{path.relative_to(ROOT)}:{line}: {app} imports {target}")
            if app in rank and other in WIRING:
                problems.append(f"{path.relative_to(ROOT)}:{line}: {app} imports {target}")
    # Cycles between modules (Tarjan's strongly connected components).
    index, low, stack, on_stack, counter = {}, {}, [], set(), [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                problems.append("import cycle: " + " -> ".join(sorted(component)))

    sys.setrecursionlimit(10_000)
    for node in list(graph):
        if node not in index:
            visit(node)
    for problem in problems:
        print(problem)
    print(f"{len(known)} modules checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
