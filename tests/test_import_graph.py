"""The package's import graph: no circles, and every import goes down the data flow.

Layers, lowest first. A module may import from its own layer or a lower one,
never from a higher one; imports under ``if TYPE_CHECKING:`` (types only, never
run) are not counted. A new module must be given a layer here, which is the
point: where it sits in the flow is a decision, not an accident.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cleaner"

LAYERS: list[tuple[str, ...]] = [
    ("cleaner._version", "cleaner.errors", "cleaner.dates", "cleaner.deadline", "cleaner.text.scripts",
     "cleaner.meta.title", "cleaner.meta.authors"),
    ("cleaner.metadata", "cleaner.meta.scorer", "cleaner.text.keys", "cleaner.io.detect"),
    ("cleaner.model",),
    ("cleaner.io.sources", "cleaner.io.sinks", "cleaner.text.document", "cleaner.text.stopwords"),
    ("cleaner.match.re2translate", "cleaner.match.finder", "cleaner.match.prefilter", "cleaner.match.patterns",
     "cleaner.text.features", "cleaner.text.reflow", "cleaner.text.parse", "cleaner.text.keep",
     "cleaner.text.explain", "cleaner.meta.text_lines", "cleaner.meta.text_title", "cleaner.meta.text_date",
     "cleaner.meta.text_author", "cleaner.meta.text", "cleaner.text.mojibake"),
    ("cleaner.html.page", "cleaner.html.blocks", "cleaner.html.selectors", "cleaner.meta.full_date", "cleaner.meta.html",
     "cleaner.meta.choose_html"),
    ("cleaner.kinds.*",),
    ("cleaner.packs.rulefile", "cleaner.packs.cache", "cleaner.packs.ruleset", "cleaner.packs.schema"),
    ("cleaner.html.fitted", "cleaner.html.pagetype", "cleaner.html.rescue", "cleaner.engine", "cleaner.html.extract"),
    ("cleaner.pipeline", "cleaner.packs.examples"),
    ("cleaner.formats", "cleaner.config", "cleaner.repo.*", "cleaner.batch.*", "cleaner.learn.*"),
    ("cleaner.progress", "cleaner.cli.*", "cleaner", "cleaner.__main__"),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def layer_of(module: str) -> int:
    for n, layer in enumerate(LAYERS):
        for pattern in layer:
            if module == pattern or (pattern.endswith(".*") and (module + ".").startswith(pattern[:-1])):
                return n
    raise AssertionError(f"{module} has no layer in tests/test_import_graph.py")


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports_of(module: str) -> set[str]:
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:  # `from . import x` may name a module
                if f"{target}.{alias.name}" in MODULES:
                    found.add(f"{target}.{alias.name}")
                elif target in MODULES:
                    found.add(target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in MODULES)
    found.discard(module)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def test_every_import_goes_to_the_same_or_a_lower_layer():
    wrong = [f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)})"
             for module, targets in sorted(GRAPH.items()) for target in sorted(targets)
             if layer_of(target) > layer_of(module)]
    assert wrong == []


def test_there_is_no_import_circle():
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    circles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_subpackage_inits_are_empty_so_importing_one_module_imports_nothing_else():
    inits = [p for p in PACKAGE.rglob("__init__.py") if p.parent != PACKAGE and p.parent.name != "kinds"]
    assert inits and all(p.read_text(encoding="utf-8").strip() == "" for p in inits)
