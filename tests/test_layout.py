"""The layout of docs/architecture.md holds: model/ stays pure and its imports have no cycle."""

import ast
from pathlib import Path

MODEL = Path(__file__).resolve().parents[1] / "model"
FORBIDDEN = (
    "streamlit",
    "sqlalchemy",
    "psycopg",
    "altair",
    "vl_convert",
    "weasyprint",
    "openpyxl",
    "alembic",
)


def module_name(path: Path) -> str:
    parts = path.relative_to(MODEL.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Top-level imports only: an import inside a function (the CLI's lazy `reporting`) is deliberate."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in MODEL.rglob("*.py")}
    return {
        name: {m for m in imports_of(path) if m in modules and m != name} for name, path in modules.items()
    }


def test_model_imports_no_ui_database_or_chart_library():
    offenders = {
        module_name(p): sorted(m for m in imports_of(p) if m.split(".")[0] in FORBIDDEN)
        for p in MODEL.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_model_imports_have_no_cycle():
    edges = graph()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return [*path, node, nxt]
            if nxt not in state and (cycle := visit(nxt, [*path, node])):
                return cycle
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state:
            cycle = visit(start, [])
            assert cycle is None, " -> ".join(cycle)


def test_the_cycle_check_sees_real_edges():
    edges = graph()
    assert "model.scoring.dimensions" in edges["model.scoring.assess"]
    assert "model.methods.ahp" in edges["model.partners.evaluation"]
