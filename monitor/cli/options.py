"""What every `monitor` command shares: the --db, --sources, --config and --json options, and
opening the archive and the configuration files with errors turned into one-line messages;
`Commands`, the group that turns any command's disk or file error into one line too.

Only `monitor crawl`, `monitor run` and `monitor demo` create an archive: every other command
refuses a --db that names no file, so a mistyped path is an error, not a new empty archive.
"""


import click

from monitor.store import Store, StoreError
from monitor.store.errors import STORAGE_ERRORS, storage_problem

DEFAULT_DB = "data/monitor.db"
DEFAULT_SOURCES = "sources.yaml"
_DB_PATH = "monitor.db_path"  # in click's context meta, for Commands to name the archive


def _remember_db(ctx: click.Context, param: click.Parameter, value: str) -> str:
    ctx.meta[_DB_PATH] = value
    return value


db_option = click.option(
    "--db", "db_path", envvar="MONITOR_DB", default=DEFAULT_DB, show_default=True, metavar="PATH",
    help="SQLite archive (env MONITOR_DB).", callback=_remember_db,
)
sources_option = click.option(
    "--sources", "sources_path", envvar="MONITOR_SOURCES", default=DEFAULT_SOURCES, show_default=True,
    metavar="PATH", help="Sources file (env MONITOR_SOURCES).",
)
config_option = click.option(
    "--config", "config_file", envvar="MONITOR_CONFIG", default=None, metavar="PATH",
    help="Alerting configuration (env MONITOR_CONFIG; default monitor.yaml, built-in defaults when absent).",
)
# Every command takes --config, so that one set of options (or a shell alias) works for all of them;
# the commands that have no use for the alerting configuration say so.
config_not_read_option = click.option(
    "--config", "config_file", envvar="MONITOR_CONFIG", default=None, metavar="PATH", expose_value=False,
    help="Alerting configuration: accepted for a uniform command line; this command does not read it.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def open_store(db_path: str, *, readonly: bool = False, create: bool = False) -> Store:
    """The archive at `db_path`: read-only for commands that only read; never created unless `create`."""
    try:
        if readonly or not create:
            Store.must_exist(db_path)
        return Store(db_path, readonly=readonly)
    except StoreError as error:
        raise click.ClickException(str(error)) from None


def read_alert_config(path: str | None, *, warn_missing_secrets: bool = False):
    """monitor.yaml; a file named by --config or MONITOR_CONFIG must exist (only the default may be absent)."""
    from monitor.alerts.config import ConfigError, load_config

    try:
        config = load_config(path, required=path is not None)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    if warn_missing_secrets:
        for problem in config.missing_secrets():
            click.secho(f"warning: {problem}", fg="yellow", err=True)
    return config


class Commands(click.Group):
    """A command group whose commands end a disk or file error (a full disk, a read-only file
    system, an immutable file) with one line naming the file and the cause, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except StoreError as error:
            raise click.ClickException(str(error)) from None
        except STORAGE_ERRORS as error:
            line = storage_problem(error, ctx.meta.get(_DB_PATH))
            if line is None:
                raise
            raise click.ClickException(line) from None
