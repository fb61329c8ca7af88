"""`monitor reindex`, and the index work other commands do before they search: the index made
current, with a progress bar when that takes a while."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click

from monitor.cli.options import config_not_read_option, db_option, open_store
from monitor.search.index import IndexBusy, index_for


@click.command()
@db_option
@config_not_read_option
@click.option("--check", "check_only", is_flag=True, help="Only say whether the index answers for the archive.")
def reindex(db_path, check_only):
    """Build the full-text search index again from the archive, with progress.

    The index (a folder beside the archive, `<db>.search`) is derived from the archive and kept
    in step by every crawl; searches catch it up, and a missing, foreign or restored index is
    rebuilt by itself when it is next used. This builds it now, with progress (a large archive
    after an upgrade). --check compares it with the archive (a full count) and says what is
    wrong, without writing; it exits 1 when the index cannot answer for the archive.

    \b
    Example:
      monitor reindex
      monitor reindex --check --db data/demo.db
    """
    with open_store(db_path, readonly=check_only) as store:
        index = index_for(store.path)
        check = index.check(store.search_rows, count=True)
        if check_only:
            click.echo(f"{index.path}: {check.status}" + (f" ({check.reason})" if check.reason else ""))
            if not check.usable:
                sys.exit(1)
            return
        try:
            with _progress_bar("Indexing") as progress:
                done = index.rebuild(store.search_rows, progress=progress)
        except IndexBusy as error:
            raise click.ClickException(f"{error}; try again when it is done") from None
    click.echo(f"Indexed {done:,} articles in {index.path}" + (f" (it was {check.status}: {check.reason})"
                                                             if check.reason else ""))


def ensure_index(store, *, count: bool = False) -> None:
    """Make the archive's index current before a command searches it, with a progress bar when
    that takes a while (a missing index, a long queue). `count`: compare it with the archive's
    article count too (a server's start)."""
    index = index_for(store.path)
    check = index.check(store.search_rows, count=count)
    if check.status == "current":
        return
    if check.status == "upgrade":
        raise click.ClickException(check.reason)
    if check.status != "behind" or check.pending > 5000:
        click.secho(f"search index: {check.reason}; bringing it up to date", fg="yellow", err=True)
    try:
        with _progress_bar("Indexing") as progress:
            index.ensure(store.search_rows, progress=progress, prune=not store.readonly, wait=10.0)
    except IndexBusy:
        click.secho("search index: another process is updating it; searching what it holds", fg="yellow", err=True)


@contextmanager
def _progress_bar(label: str):
    with click.progressbar(length=1, label=label, file=sys.stderr, show_pos=True) as bar:
        def progress(done: int, total: int) -> None:
            bar.length = max(total, 1)
            bar.update(done - bar.pos)

        yield progress


COMMANDS = [reindex]
