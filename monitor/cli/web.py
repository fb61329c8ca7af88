"""`monitor serve`: the web page over the archive (monitor.web)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from monitor.cli.options import config_option, db_option, read_alert_config, sources_option
from monitor.cli.search import ensure_index
from monitor.store import Store, StoreError
from monitor.web.security import LOOPBACK_HOSTS, TOKEN_ENV, is_loopback

TOKEN_HINT = (
    f"set {TOKEN_ENV} to a long random secret, e.g.\n"
    f"  export {TOKEN_ENV}=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')\n"
    "or pass --read-only to serve the pages without label corrections"
)


@click.command()
@db_option
@sources_option
@config_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs MONITOR_WEB_TOKEN or --read-only.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option("--read-only", "read_only", is_flag=True,
              help="No changes: no label corrections, no changes to sources; pages and feeds only.")
def serve(db_path, sources_path, config_file, host, port, read_only):
    """The web page: dashboard, faceted search, articles with label corrections, source health.

    The sources page can also add a source (by its feed's or its site's address), turn one on
    or off in the sources file and fetch one now (its alerts are raised by --config's rules).

    Every page is also JSON (add .json, or ?format=json) and any search is an Atom feed
    (/search.atom?q=...). Pages read the archive through a read-only connection.

    Bound to 127.0.0.1 (the default) anyone on this machine may make these changes. On any
    other address, they need the token in MONITOR_WEB_TOKEN (log in on the page, or send
    `Authorization: Bearer <token>`); without one the server refuses to start unless
    --read-only is given.

    \b
    Example:
      monitor serve                                   # http://127.0.0.1:8080
      monitor serve --db data/demo.db --port 8081
      MONITOR_WEB_TOKEN=... monitor serve --host 0.0.0.0
    """
    import uvicorn

    from monitor.web.app import create_app

    token = os.environ.get(TOKEN_ENV) or None
    local = is_loopback(host)
    if not local and not read_only and token is None:
        raise click.ClickException(
            f"refusing to serve label corrections on {host} (not loopback) without a token: {TOKEN_HINT}"
        )
    alerting = read_alert_config(config_file)
    managed = Path(sources_path).is_file()
    try:
        app = create_app(db_path, allow_edits=not read_only, edit_token=token,
                         allowed_hosts=LOOPBACK_HOSTS if local else ["*"],
                         sources_path=sources_path if managed else None, alerting=alerting)
        with Store(db_path, readonly=True) as store:
            ensure_index(store, count=True)  # searches answer from a current index from the start
    except StoreError as error:
        raise click.ClickException(str(error)) from None
    if not managed:
        click.echo(f"No sources file at {sources_path}: the sources page shows the archive's sources only "
                   "(--sources PATH to manage them there)", err=True)
    shown = f"[{host}]" if ":" in host else host
    edits = "off (--read-only)" if read_only else ("need the token" if token else "open to this machine")
    click.echo(f"Serving {db_path} on http://{shown}:{port}  (changes: {edits}; Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False)


COMMANDS = [serve]
