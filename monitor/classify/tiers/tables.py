"""Tables written as text: a header such as "Model | Domain | Level | Change" and a row a line, or the rows
run together with dashes, as a page's table comes out of text extraction. Each row becomes a sentence the
reader reads like any other ("Wey-1 is at L2 for Autonomy, lowered from L3."), so a table of a lab's current
levels is read as the lab's determinations, one a model.
"""

from __future__ import annotations

import re

_MODEL_HEAD = re.compile(r"^(?:model|system|models|product)(?:\s+name)?$", re.I)
_LEVEL_HEAD = re.compile(r"\b(?:level|tier|rating|band|grade|class|classification|stage|status|determination)s?\b",
                         re.I)
_DOMAIN_HEAD = re.compile(r"\b(?:domain|category|area|risk|track|dimension)s?\b", re.I)
_CHANGE_HEAD = re.compile(r"\b(?:change|changes|since|direction|movement)\b", re.I)
# "Previous level | Current level"
_PRIOR_HEAD = re.compile(r"\b(?:previous|prior|old|earlier)\s+(?:level|tier|rating|band|grade|class\w*)\b", re.I)
_CODE = re.compile(r"[A-Z]{1,3}-?\d{1,2}")
_NOT_ASSESSED = re.compile(r"^(?:not assessed|n/a|-|none|pending|tbd)?\.?$", re.I)
_NO_CHANGE = re.compile(r"^(?:none|no change|unchanged|same|-|n/a|—|–|no)?\.?$", re.I)
# rows end at a line break, or at a dash or a full stop that runs the next row on ("H2 - Dace-2 | Bio | H1")
_ROW_BREAK = re.compile(r"\n|(?:\s+[-\u2013\u2014]|(?<=\.))\s+(?=[^|\n.]*\|)")


def rows_as_sentences(text: str) -> str:
    """The text with each table it holds written as one sentence a row; other text unchanged."""
    if text.count("|") < 4:
        return text
    parts = _ROW_BREAK.split(text)
    out: list[str] = []
    i = 0
    while i < len(parts):
        table = _table_at(parts, i)
        if table is None:
            out.append(parts[i])
            i += 1
            continue
        lead, columns, rows, tail, i = table
        out += [lead] if lead else []
        out += [_sentence(columns, row) for row in rows]
        out += [tail] if tail else []
    return "\n".join(p.strip() for p in out if p.strip())


def _table_at(parts: list[str], i: int):
    """(text before the header, column roles, rows, text after the last row, next index) of a table whose header
    starts in parts[i], or None."""
    cells = parts[i].split("|")
    if len(cells) < 3:
        return None
    lead, first = _after_last_sentence(cells[0])
    head = [first] + [c.strip() for c in cells[1:]]
    columns = _roles(head)
    if columns is None:
        return None
    rows, j, tail = [], i + 1, ""
    while j < len(parts):
        row = parts[j].split("|")
        if len(row) != len(head):
            break
        row[-1], tail = _before_next_sentence(row[-1].strip())
        rows.append([c.strip().rstrip(".") for c in row])
        j += 1
        if tail:
            break
    return (lead, columns, rows, tail, j) if rows else None


def _roles(head: list[str]) -> dict[str, int] | None:
    """Which column holds the model, the level, the domain and the change."""
    roles: dict[str, int] = {}
    for k, cell in enumerate(head):
        for role, rx in (("model", _MODEL_HEAD), ("change", _CHANGE_HEAD), ("prior", _PRIOR_HEAD),
                         ("level", _LEVEL_HEAD), ("domain", _DOMAIN_HEAD)):
            if role not in roles and rx.search(cell):
                roles[role] = k
                break
    return roles if "model" in roles and "level" in roles else None


def _sentence(columns: dict[str, int], row: list[str]) -> str:
    model, level = row[columns["model"]], row[columns["level"]]
    domain = row[columns["domain"]] if "domain" in columns else ""
    change = row[columns["change"]] if "change" in columns else None
    prior = row[columns["prior"]] if "prior" in columns else None
    where = f" for {domain}" if domain and domain.lower() not in ("-", "n/a", "all", "overall", "none") else ""
    if _CODE.fullmatch(level):
        level = "level " + level  # the column says "H2" is a level, not the second half of a year
    if _NOT_ASSESSED.match(level):
        return f"{model} is not assessed."
    if prior and not _NOT_ASSESSED.match(prior) and prior != level:
        return f"{model} moved from {prior} to {level}{where}."
    if (change is not None and _NO_CHANGE.match(change)) or prior == level:
        return f"{model} stays at {level}{where}."
    return f"{model} is at {level}{where}" + (f", {change.rstrip('.')}." if change else ".")


def _after_last_sentence(cell: str) -> tuple[str, str]:
    """("Text before. ", "Model") of a header cell that a sentence runs into."""
    cut = max(cell.rfind(". "), cell.rfind(": "))
    return (cell[:cut + 1], cell[cut + 2:].strip()) if cut >= 0 else ("", cell.strip())


def _before_next_sentence(cell: str) -> tuple[str, str]:
    """("lowered from L3", "The report says ...") of a last cell that the text after the table runs on from."""
    cut = cell.find(". ")
    return (cell[:cut], cell[cut + 2:]) if cut >= 0 else (cell, "")
