"""The `monitor` command: a thin layer over the library. Options in, library call, output out.

This module holds the group and the commands of the archive and the service (crawl, sources,
search, show, run, status, demo); classify.py, alerts.py and web.py hold the others. Every
command takes --db (env MONITOR_DB); those that read sources take --sources (env
MONITOR_SOURCES). Listing commands print a table for people and --json for scripts.
"""

import csv
import sys
from datetime import date
from pathlib import Path
from typing import Self

import click

from monitor import __version__, clock
from monitor.cli.options import (Commands, config_not_read_option, config_option, db_option, json_option, open_store,
                                 read_alert_config, sources_option)
from monitor.cli.output import echo_json, label_fields, label_words, labels_json, shorten, table
from monitor.crawl.urls import clean_link
from monitor.search import SearchError, SearchResults, highlight, search_articles, search_page
from monitor.sources import FetchPolicy, LoadedSources, SourcesError, load_sources


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="monitor")
def cli():
    """AI risk-signal monitor: crawl AI-policy and security news, label it, alert on tier
    changes and regulatory moves, search the archive.

    \b
    Start here:
      monitor demo                      # the whole path offline, on bundled demo feeds
      monitor run                       # the service: crawl, label, alert on a schedule
      monitor crawl                     # one pass over sources.yaml
      monitor search '"AI Act"' --since 2026-01-01
      monitor tiers                     # the tier tracker
    """


def read_sources(path: str) -> LoadedSources:
    """Load sources.yaml; a broken entry is reported and skipped, a broken file stops the command."""
    try:
        loaded = load_sources(path)
    except SourcesError as error:
        raise click.ClickException(str(error)) from None
    for problem in loaded.errors:
        click.secho(f"skipped: {problem}", fg="yellow", err=True)
    return loaded


@cli.command()
@db_option
@sources_option
@config_option
@click.option("--source", "only", multiple=True, metavar="ID", help="Crawl only this source (repeatable).")
@click.option("--force", is_flag=True, help="Fetch even sources that are backing off or asked us to wait.")
@click.option("--workers", type=click.IntRange(min=0), default=None, metavar="N",
              help="Processes that parse feeds beside the crawl (0: none). Default: one a CPU core (up to 4) "
                   "for crawls of 100 sources or more, none for smaller ones.")
@json_option
def crawl(db_path, sources_path, config_file, only, force, workers, as_json):
    """Fetch every enabled source once, store new and changed articles, label them, queue alerts.

    Conditional requests make a crawl of unchanged feeds cheap; sources that keep failing
    back off. Progress goes to stderr, the summary to stdout. Exits 1 when every source
    failed, naming the common cause (often the network). Queued alerts are sent by
    `monitor notify` (the service sends them by itself).

    \b
    Example:
      monitor crawl
      monitor crawl --source nist-news --source ftc-press --json
    """
    config = read_sources(sources_path)
    unknown = set(only) - {s.id for s in config.sources}
    if unknown:
        raise click.ClickException(f"no source with id {', '.join(sorted(unknown))} in {sources_path}")
    from monitor.classify.archive import Labeller
    from monitor.service import process_stored

    alert_config = read_alert_config(config_file)
    labeller = Labeller()
    from monitor.search.sync import catching_up

    with open_store(db_path, create=True) as store:
        report = _crawl_with_progress(store, config, list(only), force, workers, quiet=as_json)
        # the search index catches up beside the labelling
        with catching_up(store), _LabellingProgress(quiet=as_json) as progress:
            processed = process_stored(store, labeller, alert_config, on_labelled=progress)
    failure = report.all_failed()
    if as_json:
        echo_json({"seconds": round(report.seconds, 2), "new": report.new, "updated": report.updated,
                   "pages_failed": report.full_text_failed,
                   "labelled": processed.labelled.classified if processed.labelled else None,
                   "labelling_error": labeller.error, "alerts_queued": processed.alerts.queued,
                   "sources": [_source_report_json(s) for s in report.sources], "failure": failure})
    else:
        _print_crawl_summary(report)
        if processed.labelled:
            click.echo(f"Labels: {processed.labelled}.")
        else:
            click.secho(f"Not labelled: {labeller.error}", fg="yellow", err=True)
        click.echo(f"Alerts: {processed.alerts}" + ("; `monitor notify` sends them." if processed.alerts.queued else "."))
    if failure:
        raise click.ClickException(failure)


def _crawl_with_progress(store, config, only, force, workers, *, quiet):
    from monitor.crawl.crawler import crawl as run_crawl  # imported here: the extractors take a second to load

    count = len([s for s in config.enabled if not only or s.id in only])
    with click.progressbar(length=count, label="Crawling", file=sys.stderr, show_pos=True,
                           item_show_func=lambda r: r.source_id if r else "") as bar:
        def progress(report) -> None:
            if not quiet:
                bar.update(1, report)
        return run_crawl(store, config, only=only or None, force=force, on_progress=progress, workers=workers)


class _LabellingProgress:
    """A progress bar for the labels that follow a crawl, shown once there is something to label."""

    def __init__(self, *, quiet: bool):
        self.quiet = quiet
        self.bar = None

    def __call__(self, total: int, done: int) -> None:
        if self.quiet:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Labelling", file=sys.stderr, show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _print_crawl_summary(report) -> None:
    rows = [
        [s.source_id, s.outcome, s.new, s.updated, s.filtered, s.full_text_failed or "", f"{s.seconds:.1f}s",
         shorten(s.message or "", 70)]
        for s in sorted(report.sources, key=lambda s: (s.outcome != "error", s.source_id))
    ]
    click.echo(table(["source", "outcome", "new", "upd", "filtered", "no page", "time", "note"], rows))
    pages = (f"; {report.full_text_failed} article pages could not be fetched (feed text kept, "
             "tried again on the next crawls; `monitor show ID` says why)" if report.full_text_failed else "")
    bad = f"; {report.bad_entries} bad feed entries skipped (see the note)" if report.bad_entries else ""
    if report.pages_deferred:
        pages += (f"; {report.pages_deferred} article pages left for the next crawls (max_items pages a crawl; "
                  "the feed text is stored meanwhile)")
    click.echo(
        f"\n{len(report.sources)} sources in {report.seconds:.1f}s: {report.count('ok')} ok, "
        f"{report.count('not_modified')} unchanged, {report.count('error')} failed, "
        f"{report.count('skipped')} skipped; {report.new} new articles, {report.updated} updated{bad}{pages}."
    )


def _source_report_json(report) -> dict:
    return {k: v for k, v in vars(report).items() if k != "stored_ids"} | {"seconds": round(report.seconds, 2)}


@cli.group(invoke_without_command=True)
@db_option
@sources_option
@config_not_read_option
@json_option
@click.pass_context
def sources(ctx, db_path, sources_path, as_json):
    """Every source with its health: last fetch, status, items, last error, and the
    articles whose page could not be fetched yet ("no page": they keep the feed text).

    \b
    Examples:
      monitor sources
      monitor sources --json
      monitor sources validate
      monitor sources add https://www.example.org/blog/
      monitor sources export > sources.opml
      monitor sources import subscriptions.opml
    """
    if ctx.invoked_subcommand:
        return
    config = read_sources(sources_path)
    with open_store(db_path, readonly=True) as store:
        health = store.sources.health_of(config.sources)
    if as_json:
        echo_json(health)
        return
    rows = [
        [h["id"], "off" if not h["enabled"] else (h["last_status"] or "never"), clock.age(h["last_fetch_at"]),
         h["articles"], h["pages_pending"] or "", h["consecutive_failures"] or "", shorten(h["last_error"] or "", 60)]
        for h in health
    ]
    click.echo(table(["source", "status", "fetched", "articles", "no page", "fails", "last error"], rows))


@sources.command("validate")
@sources_option
@json_option
def sources_validate(sources_path, as_json):
    """Check sources.yaml and list every problem with its fix; exit 1 if there is any.

    \b
    Example:
      monitor sources validate --sources my-sources.yaml
      monitor sources validate --json | jq .problems
    """
    try:
        loaded = load_sources(sources_path)
    except SourcesError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        echo_json({"file": sources_path, "sources": len(loaded.sources), "enabled": len(loaded.enabled),
                   "problems": loaded.errors})
        sys.exit(1 if loaded.errors else 0)
    for problem in loaded.errors:
        click.echo(problem, err=True)
    click.echo(f"{sources_path}: {len(loaded.sources)} valid sources ({len(loaded.enabled)} enabled), "
               f"{len(loaded.errors)} problems")
    sys.exit(1 if loaded.errors else 0)


@sources.command("export")
@sources_option
@click.option("-o", "--output", type=click.File("w"), default="-", help="Write here instead of stdout.")
def sources_export(sources_path, output):
    """Write the sources as OPML, the format every feed reader imports.

    \b
    Example:
      monitor sources export -o monitor-sources.opml
    """
    from monitor.sources.opml import to_opml

    output.write(to_opml(read_sources(sources_path).sources))


@sources.command("import")
@sources_option
@click.argument("opml_file", type=click.Path(exists=True, dir_okay=False))
def sources_import(sources_path, opml_file):
    """Add the feeds of an OPML file (from any feed reader) to sources.yaml.

    Feeds already present (same URL) are left alone; comments in sources.yaml are kept.

    \b
    Example:
      monitor sources import ~/Downloads/feedly.opml
    """
    from monitor.sources.opml import OpmlError, import_opml

    try:
        added, skipped = import_opml(opml_file, sources_path)
    except (OpmlError, SourcesError) as error:
        raise click.ClickException(str(error)) from None
    for source_id in added:
        click.echo(f"added {source_id}")
    click.echo(f"{len(added)} sources added to {sources_path}, {skipped} already there")


@sources.command("add")
@sources_option
@click.argument("url")
@click.option("--id", "source_id", metavar="ID", help="The id to give it (default: made from the feed's title).")
@click.option("--name", help="The name to show (default: the feed's title).")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="A tag for the source (repeatable), such as lab.")
@click.option("--dry-run", is_flag=True, help="Find and check the feed, print the entry, change nothing.")
@json_option
def sources_add(sources_path, url, source_id, name, tags, dry_run, as_json):
    """Add a source by its feed's address or its site's: find the feed, check it, append it to sources.yaml.

    URL may be the feed itself or any page of the site: the feed is found by the page's
    <link rel="alternate"> and the usual places (/feed, /rss, /rss.xml, /atom.xml, /feed.xml,
    /index.xml, /feed.json). It is fetched once, politely (robots.txt, the fetch: settings of
    sources.yaml), and must parse as a feed. The entry (id, name, url, kind) is appended with the
    file's comments kept; `monitor run` picks it up at once.

    \b
    Examples:
      monitor sources add https://www.example.org/blog/
      monitor sources add https://example.org/feed.xml --id example-blog --tag lab --dry-run
    """
    import asyncio

    from monitor.crawl.discover import NoFeedFound, find_feed
    from monitor.crawl.fetch import Fetcher, FetchError
    from monitor.sources.edit import append_source, checked, entry_yaml, new_entry, taken_ids

    policy = read_sources(sources_path).policy if Path(sources_path).exists() else FetchPolicy()

    async def discover():
        async with Fetcher(policy) as fetcher:
            return await find_feed(fetcher, url)

    try:
        found = asyncio.run(discover())
        taken = taken_ids(sources_path)
        entry = new_entry(taken, url=found.url, title=name or found.title, kind=found.kind, source_id=source_id,
                          tags=tags)
        checked(sources_path, entry)
        if not dry_run:
            append_source(sources_path, entry)
    except FetchError as error:
        raise click.ClickException(error.message) from None
    except (NoFeedFound, SourcesError) as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        echo_json({"feed": vars(found), "entry": entry, "added": not dry_run, "sources": sources_path})
        return
    newest = f"; newest: {shorten(found.newest, 70)}" if found.newest else ""
    entries = f"{found.entries} entr{'y' if found.entries == 1 else 'ies'}"
    click.echo(f"Found {found.kind.upper()} feed {found.url} ({entries}{newest}).")
    click.echo(("Would add to " if dry_run else "Added to ") + f"{sources_path}:\n" + entry_yaml(entry).rstrip())
    if not dry_run:
        click.echo(f"`monitor crawl --source {entry['id']}` fetches it now; a running `monitor run` picks it up.")


@cli.command()
@db_option
@config_not_read_option
@click.argument("query", default="")
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Only this source (repeatable).")
@click.option("--tag", "tags", multiple=True, metavar="TAG",
              help="Only sources with this tag in sources.yaml, such as lab or regulator (repeatable: any of them).")
@click.option("--theme", "themes", multiple=True, metavar="ID", help="Only articles labelled with this theme "
              "(repeatable: any of them), such as cyber or child_safety.")
@click.option("--action", "actions", multiple=True, metavar="ID",
              help="Only articles with this action (repeatable), such as tier_change or legislation.")
@click.option("--jurisdiction", "jurisdictions", multiple=True, metavar="ID",
              help="Only articles about this jurisdiction (repeatable), such as eu or us_state.")
@click.option("--relevant", is_flag=True, help="Only articles the classifier (or an analyst) found relevant.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after this day.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before this day.")
@click.option("--order", type=click.Choice(["relevance", "newest"]), default=None,
              help="Default: relevance with a query, newest without (always newest with a label filter).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--offset", default=0, type=click.IntRange(0), help="Skip this many results (paging).")
@json_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
def search(db_path, query, source_ids, tags, themes, actions, jurisdictions, relevant, since, until, order, limit,
           offset, as_json, as_csv):
    """Full-text search of the archive, best matches first, with highlighted snippets and each
    article's labels.

    QUERY: words (all must match), "exact phrases", OR, NOT, prefix*, title:word, as
    SQLite FTS5 reads them. A query that is not valid syntax is read as plain words.
    Relevance is BM25 (title weighted 8x) over every match. Label filters (--theme, --action,
    --jurisdiction, --relevant) keep the labelled matches, newest first, as the web page's
    facets do.

    \b
    Examples:
      monitor search '"AI Act" enforcement' --since 2026-01-01 --json
      monitor search 'ASL-3 OR "High capability"' --order newest
      monitor search --theme cyber --action tier_change --relevant
      monitor search safeguards --tag lab --jurisdiction eu
      monitor search --source nist-news --limit 5     # latest articles of one source
    """
    from monitor.cli.search import ensure_index

    labels = _label_filter(themes, actions, jurisdictions, relevant)
    with open_store(db_path, readonly=True) as store:
        ensure_index(store)
        sources = _sources_of(store, source_ids, tags)
        try:
            if sources == []:
                results = SearchResults(query, "newest", [], 0)
            elif labels:
                results, _ = search_page(store, query, labels=labels, sources=sources, since=_day(since),
                                         until=_day(until), limit=limit, offset=offset)
            else:
                results = search_articles(
                    store, query, sources=sources, since=_day(since), until=_day(until),
                    order=order or ("relevance" if query.strip() else "newest"), limit=limit, offset=offset,
                )
        except SearchError as error:
            raise click.ClickException(str(error)) from None
        hit_labels = store.labels.get_many([h.id for h in results.hits]) if store.has_labels else {}
    if results.note:
        click.secho(f"note: {results.note}", fg="yellow", err=True)
    if as_json:
        echo_json({
            "query": results.query, "order": results.order, "total": results.total,
            "total_is_estimate": results.total_is_estimate,
            "note": results.note,
            "hits": [vars(h) | {"snippet": highlight(h.snippet, "**", "**"), "url": clean_link(h.url),
                                "labels": labels_json(hit_labels.get(h.id))} for h in results.hits],
        })
    elif as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "published", "source_id", "title", "url", "score", "labels", "snippet"])
        for h in results.hits:
            writer.writerow([h.id, h.published, h.source_id, h.title, clean_link(h.url), h.score,
                             label_words(hit_labels.get(h.id)), highlight(h.snippet, "", "")])
    else:
        _print_hits(results, hit_labels)


def _label_filter(themes, actions, jurisdictions, relevant) -> dict[str, tuple]:
    """The label families asked for, each checked against the taxonomy (a typo is named, with a guess)."""
    from monitor.taxonomy import load_taxonomy
    from monitor.validation import guess

    names = load_taxonomy()
    asked = {"themes": (themes, names.theme_ids, "--theme"), "action": (actions, names.action_ids, "--action"),
             "jurisdiction": (jurisdictions, names.jurisdiction_ids, "--jurisdiction")}
    for values, known, option in asked.values():
        for value in values:
            if value not in known:
                hint = guess(value, known) or f"; use one of {', '.join(known)}"
                raise click.BadParameter(f"unknown id {value!r}{hint}", param_hint=option)
    labels = {family: tuple(values) for family, (values, _, _) in asked.items() if values}
    return labels | ({"relevant": (True,)} if relevant else {})


def _sources_of(store, source_ids: tuple[str, ...], tags: tuple[str, ...]) -> list[str] | None:
    """The sources to search: those named, and of those the ones with a tag asked for (sources.yaml's
    tags, as the archive last saw them); None for all, [] for none."""
    if not tags:
        return list(source_ids) or None
    known = store.sources.health()
    tagged = {h["id"] for h in known if set(tags) & set(h["tags"])}
    if not tagged:
        in_use = sorted({tag for h in known for tag in h["tags"]})
        raise click.BadParameter(f"no source has the tag {', '.join(tags)}; tags in use: {', '.join(in_use) or 'none'}",
                                 param_hint="--tag")
    return sorted(tagged & set(source_ids) if source_ids else tagged)


def _day(value) -> date | None:
    return value.date() if value else None


def _print_hits(results, labels: dict) -> None:
    if not results.hits:
        click.echo("no matches")
        return
    bold = sys.stdout.isatty()
    for hit in results.hits:
        click.echo(click.style(f"[{hit.id}] {hit.title}", bold=True))
        click.echo(f"    {hit.published[:10]}  {hit.source_name or hit.source_id}  {clean_link(hit.url)}")
        if hit.id in labels:
            click.echo(f"    {label_words(labels[hit.id])}")
        snippet = " ".join(hit.snippet.split())
        marks = ("\x1b[1;33m", "\x1b[0m") if bold else ("[", "]")
        click.echo(f"    {highlight(snippet, *marks)}\n")
    more = "at least " if results.total_is_estimate else ""
    click.echo(f"{len(results.hits)} shown of {more}{results.total} matches")


@cli.command()
@db_option
@config_not_read_option
@click.argument("article_id", type=int)
@json_option
def show(db_path, article_id, as_json):
    """One article: metadata, its labels with scores and evidence, the tier step or regulatory move
    it reports, its text, and the other sources that carried the same story.

    \b
    Example:
      monitor show 42
      monitor show 42 --json | jq .labels
    """
    from monitor.alerts.messages import article_events

    with open_store(db_path, readonly=True) as store:
        article = store.articles.get(article_id)
        if article is None:
            raise click.ClickException(f"no article {article_id} in {db_path}; find ids with `monitor search`")
        siblings = [a for a in store.articles.in_story(article["story_id"]) if a["id"] != article_id] \
            if article["story_id"] else []
        labels = store.labels.get(article_id) if store.has_labels else None
        events = article_events(store, article_id)
    link = clean_link(article["link"] or article["url"])
    if as_json:
        echo_json(article | {"clean_link": link, "labels": labels_json(labels), "tier_step": events["tier"],
                             "move": events["move"], "story_siblings": siblings})
        return
    click.echo(click.style(article["title"], bold=True))
    estimated = " (first seen; the source gave no date)" if article["published_estimated"] else ""
    story = f"{article['story_id']} ({len(siblings) + 1} articles)" if siblings else article["story_id"]
    fields = [
        ("id", article["id"]), ("source", f"{article['source_name'] or article['source_id']}"),
        ("url", link), ("published", article["published"] + estimated),
        ("authors", ", ".join(article["authors"])), ("tags", ", ".join(article["tags"])),
        ("revision", article["revision"]), ("story", story),
        ("text", f"{article['text_source']} ({len(article['text'])} chars)"
                 + (f"; page fetch failed: {article['full_text_error']}" if article["full_text_error"] else "")),
        *label_fields(labels, events),
    ]
    for label, value in fields:
        if value not in ("", None):
            click.echo(f"{label:>12}: {value}")
    click.echo("\n" + article["text"] + "\n")
    if siblings:
        click.echo(click.style(f"Same story, {len(siblings)} other source(s):", bold=True))
        for s in siblings:
            click.echo(f"  [{s['id']}] {s['published'][:10]}  {s['source_name'] or s['source_id']}: {s['title']}")


@cli.command()
@db_option
@sources_option
@config_option
@click.option("--log-format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: one object per line, for log shippers.")
def run(db_path, sources_path, config_file, log_format):
    """The main job: one long-lived process that crawls every source on its own schedule.

    After each crawl that stored something it labels the new articles, raises the alerts
    the rules in monitor.yaml ask for and delivers them; digests go out on their cron
    schedule. Logs go to stderr. SIGTERM or Ctrl-C stops it within seconds (in-flight
    fetches are abandoned, nothing half-written); SIGHUP, or saving sources.yaml or
    monitor.yaml, reloads them (a file with errors is refused and the running
    configuration kept). One service per database: a second one exits at once and
    names the first.

    \b
    Example:
      monitor run
      monitor run --log-format json --db /var/lib/monitor/monitor.db
    """
    from monitor.logs import configure
    from monitor.service import AlreadyRunning, Service

    configure(log_format)
    read_alert_config(config_file)  # refuse a broken monitor.yaml before starting
    service = Service(db_path, sources_path, config_file)
    service.install_signal_handlers()
    try:
        service.run()
    except AlreadyRunning as error:
        raise click.ClickException(str(error)) from None
    except SourcesError as error:
        raise click.ClickException(str(error)) from None


@cli.command()
@db_option
@config_option
@json_option
def status(db_path, config_file, as_json):
    """Is the service running, what did each job do last and when does it run next.

    Also a summary of source health (how many are failing, and why), the alert outbox
    (messages waiting, failed, sent) and the alerting configuration (channels, rules, digests).

    \b
    Example:
      monitor status
      monitor status --json | jq .jobs
    """
    from monitor.service import InstanceLock

    alerting = _alerting_summary(config_file)
    holder = InstanceLock(db_path).held_elsewhere()
    with open_store(db_path, readonly=True) as store:
        last_run = store.service.last_run()
        jobs = store.service.jobs()
        health = store.sources.health()
        backlog = store.outbox.backlog()
    failing = [h for h in health if h["enabled"] and h["last_status"] == "error"]
    report = {
        "running": holder is not None, "process": holder, "last_run": last_run, "jobs": jobs,
        "sources": {"enabled": sum(h["enabled"] for h in health), "failing": len(failing),
                    "never_fetched": sum(1 for h in health if h["enabled"] and not h["last_fetch_at"])},
        "failing_sources": [{"id": h["id"], "cause": h["last_error_cause"], "error": h["last_error"],
                             "failures": h["consecutive_failures"]} for h in failing],
        "outbox": backlog, "alerting": alerting,
    }
    if as_json:
        echo_json(report)
        return
    if holder:
        click.echo(f"running: {holder}; last heartbeat {clock.age(last_run['heartbeat_at']) if last_run else 'never'}")
    else:
        stopped = f"; last run stopped {clock.age(last_run['stopped_at'] or last_run['heartbeat_at'])}" if last_run else ""
        click.echo(f"not running{stopped}")
    click.echo(table(["job", "last run", "outcome", "next run", "note"], [
        [j["id"], clock.age(j["last_run_at"]), j["last_outcome"] or "", j["next_run_at"] or "", shorten(j["last_message"] or "", 50)]
        for j in jobs
    ]))
    summary = report["sources"]
    click.echo(f"\nsources: {summary['enabled']} enabled, {summary['failing']} failing, "
               f"{summary['never_fetched']} never fetched")
    for failing_source in report["failing_sources"]:
        click.echo(f"  {failing_source['id']}: {shorten(failing_source['error'] or '', 90)}")
    click.echo(f"outbox: {backlog['pending']} pending, {backlog['sending']} sending, {backlog['failed']} failed, "
               f"{backlog['sent']} sent")
    if backlog["last_error"]:
        click.echo(f"  last error ({backlog['last_error']['channel']}): {shorten(backlog['last_error']['last_error'], 80)}")
    if alerting["problem"]:
        click.secho(f"alerting: {alerting['problem']}", fg="yellow")
    else:
        click.echo(f"alerting: {alerting['path']}: {alerting['channels']} channels, {alerting['rules']} active rules, "
                   f"{alerting['digests']} digests")


def _alerting_summary(path: str | None) -> dict:
    """What monitor.yaml sets up, or its problem: status reports a broken file rather than failing on it."""
    from monitor.alerts.config import ConfigError, load_config

    try:
        config = load_config(path, required=path is not None)
    except ConfigError as error:
        return {"path": path, "problem": " ".join(str(error).split("\n")[:2])}
    return {"path": config.path, "problem": None, "channels": len(config.channels), "rules": len(config.active_rules),
            "digests": len(config.digests)}


@cli.command()
@click.option("--db", "db_path", default="data/demo.db", show_default=True, metavar="PATH",
              help="Demo archive, rebuilt on each run.")
@config_not_read_option
def demo(db_path):
    """The whole product offline, in seconds: crawl, labels, the tier tracker, regulatory moves,
    alerts raised and delivered, a digest preview.

    Serves bundled demo feeds and pages (fictional organisations, dated relative to today) and a
    webhook standing in for your team's chat, all on loopback: nothing leaves this machine. The
    demo archive is rebuilt on every run; afterwards tiers, moves, alerts, search, show and the
    web page explore it.

    \b
    Example:
      monitor demo
      monitor tiers --db data/demo.db
      monitor serve --db data/demo.db --port 8081
    """
    from monitor.cli.demo import run_demo

    run_demo(db_path, echo=click.echo)


def _add_commands_of_the_other_modules() -> None:
    """The classifier's, alerting's and the web page's commands (monitor/cli/*.py)."""
    from monitor.cli import alerts, classify, search, web

    for command in (*classify.COMMANDS, *alerts.COMMANDS, *search.COMMANDS, *web.COMMANDS):
        cli.add_command(command)


_add_commands_of_the_other_modules()


def main() -> None:
    cli()
