"""What every part of the archive's SQL shares: the connection, and the Store's transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from monitor.store import Store


class Table:
    """One part of the archive (sources, articles, events ...): its SQL, on the Store's connection.

    Writers that belong to a caller's unit of work do not commit; those that are a unit of their
    own commit through `self.store.transaction()`, which a batch of commits turns into a savepoint.
    """

    def __init__(self, store: Store):
        self.store = store
        self.conn = store.conn
        self.db = store.db


def json_list(values: Iterable) -> str:
    """Values as one parameter for `IN (SELECT value FROM json_each(?))`: no limit on how many."""
    return json.dumps(list(values))
