"""The package's shape, as the README's "How it works" declares it, checked on the code's own imports.

Each name of monitor/ belongs to one layer; a module may import its own layer and the ones
below, never one above. The store sits below every stage that writes to it, and notify (the
outbox's delivery) below the alerting that queues and sends through it.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "monitor"

LAYERS = [
    {"__init__", "clock", "logs", "validation", "workers"},  # small helpers every stage uses
    {"records", "taxonomy"},  # what every stage shares: records, and the label ids with their names
    {"store"},  # the archive: the only code that speaks SQL
    {"sources"},  # sources.yaml and OPML
    {"crawl"},  # fetch -> parse -> extract -> prepare -> dedupe -> the crawl pass
    {"classify"},  # labels
    {"search"},  # the full-text index beside the archive, and searching it
    {"notify"},  # channels and the outbox's delivery
    {"alerts"},  # events, rules, digests, the alerting configuration
    {"web"},  # the web page
    {"service"},  # every stage on a schedule
    {"cli", "__main__"},  # the `monitor` command
]
LAYER_OF = {name: number for number, names in enumerate(LAYERS) for name in names}


def modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts)


def part_of(path: Path) -> str:
    """The top-level name of monitor/ a file belongs to: monitor/crawl/fetch.py -> crawl."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported_parts(tree: ast.AST) -> set[str]:
    """The top-level names of monitor/ that a module imports, wherever in it the import stands."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "monitor":
                found.add(parts[1] if len(parts) > 1 else "__init__")
    return found


def test_every_name_of_the_package_has_a_layer():
    assert {part_of(path) for path in modules()} <= set(LAYER_OF)


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_import_runs_up_the_layers(path):
    here = part_of(path)
    upward = {name for name in imported_parts(ast.parse(path.read_text())) - {"__version__"}
              if LAYER_OF.get(name, -1) > LAYER_OF[here]}
    assert not upward, f"{path.relative_to(PACKAGE)} ({here}) imports a higher layer: {sorted(upward)}"


def test_click_only_in_the_cli():
    users = {str(path.relative_to(PACKAGE)) for path in modules() if "click" in _top_level_imports(path)}
    assert users and all(user.startswith("cli/") for user in users), sorted(users)


def test_sql_only_in_the_store():
    users = {str(path.relative_to(PACKAGE)) for path in modules()
             if _top_level_imports(path) & {"sqlite3", "sqlite_utils"}}
    assert users and all(user.startswith("store/") for user in users), sorted(users)


def test_no_connection_outside_the_store():
    """Other packages reach the archive through the Store's methods and its transaction()."""
    reaching = {str(path.relative_to(PACKAGE)) for path in modules() if part_of(path) != "store"
                for node in ast.walk(ast.parse(path.read_text()))
                if isinstance(node, ast.Attribute) and node.attr == "conn"}
    assert not reaching, sorted(reaching)


def _top_level_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names
