"""Validation of the YAML files (sources, alerting): the pydantic pieces they share, and problems
as one-line messages a user can act on."""

import difflib
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict


class StrictModel(BaseModel):
    """An entry of a YAML file: unknown keys are errors, and the values never change once read."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


# A list in YAML, or one string for a list of one.
Names = Annotated[tuple[str, ...], BeforeValidator(_one_or_many)]


def guess(value: str, known: Iterable[str]) -> str:
    """A hint to append to "unknown ..." messages: the closest known value, or all of them."""
    known = list(known)
    close = difflib.get_close_matches(value, known, n=1)
    return f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(known)}"


def plain_problem(problem: dict, where: str, known_keys: Iterable[str] = ()) -> str:
    """One pydantic error, where `where` is the key path it is about ("channels.mail.port")."""
    parent, _, key = where.rpartition(".")
    at = f"{parent}: " if parent else ""
    kind = problem["type"]
    if kind == "extra_forbidden":
        known = list(known_keys)
        return f"{at}unknown key '{key}'{guess(key, known) if known else ''}"
    if kind == "missing":
        return f"{at}'{key}' is missing; add it"
    if kind == "literal_error":
        return f"{where}: {problem['input']!r} is not one of {problem['ctx']['expected']}"
    message = problem["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def yaml_problem(error: Exception) -> str:
    """A YAML parser's error in one line: "not valid YAML at line 3, column 5: expected <block end>, but
    found '-'" (where the parser says where; its multi-line report with a caret is for terminals)."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None)
    if mark is None or not problem:
        return "not valid YAML: " + " ".join(str(error).split())
    return f"not valid YAML at line {mark.line + 1}, column {mark.column + 1}: {problem}"
