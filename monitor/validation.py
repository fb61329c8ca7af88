"""Validation problems of the YAML files (sources, alerting) as one-line messages a user can act on."""

import difflib
from collections.abc import Iterable


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
