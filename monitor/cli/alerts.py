"""`monitor tiers | moves | alerts | notify | digest`: thin click commands over the alerting library.

Each takes --db (env MONITOR_DB) and --config (env MONITOR_CONFIG, monitor.yaml; an absent
file means the built-in defaults). Listings print a table for people and JSON with --json.
"""

from __future__ import annotations

from pathlib import Path

import click

from monitor import clock
from monitor.alerts.messages import describe_event, tier_words
from monitor.cli.options import (config_not_read_option, config_option, db_option, json_option, open_store,
                                 read_alert_config)
from monitor.cli.output import echo_json, shorten, table
from monitor.taxonomy import load_taxonomy


def _config(path: str | None):
    return read_alert_config(path, warn_missing_secrets=True)


def _reading(db_path: str):
    """The archive, read-only, with its alerting tables (an archive older than them is upgraded by any writer)."""
    store = open_store(db_path, readonly=True)
    if not store.has_alerting:
        store.close()
        raise click.ClickException(f"{db_path}: this archive predates alerting; `monitor notify --db {db_path}` "
                                   "upgrades it")
    return store


def _since(value) -> str | None:
    return clock.iso(value.replace(tzinfo=clock.now().tzinfo)) if value else None


@click.command()
@db_option
@config_not_read_option
@json_option
def tiers(db_path, as_json):
    """The tier tracker: each model's current risk level per framework and category.

    One row per (org, model, framework, category): the current level, since when, the
    levels before it, and how many sources reported the current one. --json adds every
    step's articles.

    \b
    Example:
      monitor tiers
      monitor tiers --json | jq '.[] | select(.org == "openai")'
    """
    with _reading(db_path) as store:
        tracked = store.events.tiers()
        if as_json:
            for entry in tracked:
                for step in entry["history"]:
                    step["articles"] = store.events.articles(step["id"])
    if as_json:
        echo_json([_tier_json(t) for t in tracked])
        return
    if not tracked:
        click.echo("No tier determinations yet: the tracker fills in as crawls find them (`monitor crawl`, or the "
                   "service); `monitor demo` shows one.")
        return
    click.echo(tier_table(tracked))


def tier_table(tracked: list[dict]) -> str:
    """The tier tracker as people read it: one row per model and category, in words."""
    rows = []
    for entry in tracked:
        current = tier_words(entry["history"][-1])
        earlier = [tier_words(step)["level"] for step in entry["history"][:-1]]
        rows.append([current["org"], current["model"], current["framework"], current["category"], current["level"],
                     entry["history"][-1]["happened_at"][:10], " → ".join(earlier),
                     entry["history"][-1]["source_count"]])
    return table(["org", "model", "framework", "category", "level", "since", "before", "sources"], rows)


def _tier_json(entry: dict) -> dict:
    history = [{k: step[k] for k in ("id", "level", "previous_level", "direction", "happened_at", "created_at",
                                     "backfill", "evidence", "source_count", "title")}
               | {"articles": step.get("articles", [])} for step in entry["history"]]
    current = entry["history"][-1]
    return {k: entry[k] for k in ("org", "model", "framework", "category")} | {
        "level": current["level"], "since": current["happened_at"], "words": tier_words(current), "history": history}


@click.command()
@db_option
@config_not_read_option
@click.option("--jurisdiction", type=click.Choice(load_taxonomy(use_env=False).jurisdiction_ids),
              help="Only moves in this jurisdiction.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only moves on or after this day.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000))
@json_option
def moves(db_path, jurisdiction, since, limit, as_json):
    """Regulatory moves: instrument, jurisdiction, action, stage, date and sources.

    A move is a relevant article about legislation, regulation, an executive act,
    enforcement, litigation, an international agreement or a standard; copies of one story
    from many outlets are one move.

    \b
    Example:
      monitor moves --jurisdiction eu
      monitor moves --since 2026-01-01 --json
    """
    with _reading(db_path) as store:
        found = store.events.moves(jurisdiction, clock.parse_iso(_since(since)) if since else None, limit)
        if as_json:
            for move in found:
                move["articles"] = store.events.articles(move["id"])
    if as_json:
        echo_json(found)
        return
    if not found:
        click.echo("No regulatory moves" + (f" in {jurisdiction}" if jurisdiction else "") + " yet.")
        return
    click.echo(moves_table(found))


def moves_table(found: list[dict]) -> str:
    """Regulatory moves as people read them: where, what, which instrument, at which stage."""
    names = load_taxonomy()
    return table(["id", "date", "jurisdiction", "action", "instrument", "stage", "sources", "title"], [
        [m["id"], m["happened_at"][:10], ", ".join(map(names.jurisdiction_name, m["jurisdiction"])),
         names.action_name(m["action"]), m["instrument"] or "", m["stage"] or "", m["source_count"],
         shorten(m["title"], 60)] for m in found
    ])


@click.command()
@db_option
@config_not_read_option
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only alerts raised on or after this day.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000))
@click.option("--atom", "atom_path", type=click.Path(dir_okay=False), metavar="PATH",
              help="Also write the alerts as an Atom feed to PATH.")
@click.option("--feed-url", metavar="URL", help="The feed's own URL (its rel=self link) when it is published.")
@json_option
def alerts(db_path, since, limit, atom_path, feed_url, as_json):
    """Alerts raised: the event, why (which rules), each channel's delivery state and last error.

    \b
    Example:
      monitor alerts --since 2026-11-01
      monitor alerts --atom data/alerts.atom
      monitor alerts --json | jq '.[].deliveries'
    """
    with _reading(db_path) as store:
        raised = store.events.alerted(clock.parse_iso(_since(since)) if since else None, limit)
        backlog = store.outbox.backlog()
        if atom_path:
            from monitor.alerts.feed import write_feed

            entries = write_feed(store, atom_path, feed_url=feed_url)
    if as_json:
        echo_json(raised)
    elif not raised:
        click.echo("No alerts yet.")
    else:
        click.echo(alerts_table(raised))
        waiting = backlog["pending"] + backlog["sending"]
        click.echo(f"\noutbox: {waiting} waiting, {backlog['failed']} failed, {backlog['sent']} sent")
    if atom_path:
        click.echo(f"Atom feed with {entries} entries written to {atom_path}", err=as_json)


def alerts_table(raised: list[dict]) -> str:
    """Alerts raised: what, why (the rules) and each channel's delivery."""
    rows = []
    for event in raised:
        described = describe_event(event)
        deliveries = ", ".join(f"{d['channel']}: {_state(d)}" for d in event["deliveries"]) or "no channel"
        errors = [d["last_error"] for d in event["deliveries"] if d["last_error"] and d["state"] != "sent"]
        rows.append([event["id"], clock.age(event["alerted_at"]), described["kind_name"], ",".join(event["rules"]),
                     shorten(described["headline"], 56), deliveries, shorten(errors[0], 60) if errors else ""])
    return table(["event", "raised", "kind", "rules", "headline", "delivery", "last error"], rows)


def _state(delivery: dict) -> str:
    if delivery["state"] == "pending" and delivery["attempts"]:
        return f"retry {delivery['attempts'] + 1} {delivery['next_attempt_at'][11:16]}Z"
    return delivery["state"]


@click.command()
@db_option
@config_option
@click.option("--retry-failed", is_flag=True, help="Put failed deliveries back in the queue first (after a fix).")
@click.option("--check", is_flag=True, help="Only check monitor.yaml and the secrets it names; send nothing.")
@json_option
def notify(db_path, config_file, retry_failed, check, as_json):
    """Raise alerts from new labels and deliver every pending message now.

    The service does this after each crawl. Delivery is exactly once per event and
    channel; failures are retried with backoff (see `monitor alerts` for each state).

    \b
    Example:
      monitor notify
      monitor notify --check --config monitor.yaml
      monitor notify --retry-failed
    """
    from monitor.alerts.events import raise_alerts
    from monitor.notify import deliver_pending

    config = _config(config_file)
    if check:
        click.echo(f"{config.path}: {len(config.channels)} channels, {len(config.active_rules)} active rules "
                   f"({len(config.rules) - len(config.active_rules)} muted), {len(config.digests)} digests")
        if config.missing_secrets():
            raise SystemExit(1)
        return
    with open_store(db_path) as store:
        requeued = store.outbox.requeue_failed(clock.now()) if retry_failed else 0
        raised = raise_alerts(store, config)
        report = deliver_pending(store, config)
        backlog = store.outbox.backlog()
    if as_json:
        echo_json({"requeued": requeued, "alerts": vars(raised), "delivery": report.as_dict(), "backlog": backlog})
        return
    if requeued:
        click.echo(f"{requeued} failed deliveries queued again")
    click.echo(f"alerts: {raised}")
    click.echo(f"delivery: {report}")
    for error in report.errors:
        retry = f" (retry {error['retry_at']})" if error["retry_at"] else " (failed; fix it, then --retry-failed)"
        click.echo(f"  outbox {error['outbox_id']} {error['channel']}: {error['error']}{retry}")
    if report.failed:
        raise SystemExit(1)


@click.command()
@db_option
@config_option
@click.argument("name")
@click.option("--preview", "mode", flag_value="preview", help="Render without sending: HTML to a file, text here.")
@click.option("--send", "mode", flag_value="send", help="Record the run, queue it on its channels and deliver.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="PATH",
              help="Where --preview writes the HTML (default: digest-NAME.html beside the database).")
@json_option
def digest(db_path, config_file, name, mode, output, as_json):
    """A digest from monitor.yaml `digests:`: everything relevant since its last run.

    Tier changes first, then regulatory moves by jurisdiction, then other stories by
    theme, each story once with its number of sources. --preview changes nothing;
    --send records the run (the next one starts where it ends) and delivers it.

    \b
    Example:
      monitor digest daily --preview
      monitor digest daily --send
    """
    from monitor.alerts.digests import UnknownDigest, preview_digest, send_digest
    from monitor.notify.render import render

    if mode is None:
        raise click.UsageError("say --preview (render only) or --send (record and deliver)")
    config = _config(config_file)
    try:
        if mode == "preview":
            with _reading(db_path) as store:
                result = preview_digest(store, config, name)
        else:
            with open_store(db_path) as store:
                result = send_digest(store, config, name)
    except UnknownDigest as error:
        raise click.ClickException(str(error)) from None
    if mode == "preview":
        path = Path(output or Path(db_path).parent / f"digest-{name}.html")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render("digest.html", m=result.message), encoding="utf-8")
        if as_json:
            echo_json(result.as_dict() | {"html": str(path), "message": result.message})
            return
        click.echo(render("digest.txt", m=result.message))
        click.echo(f"HTML preview written to {path}", err=True)
        return
    if as_json:
        echo_json(result.as_dict())
        return
    counts = result.counts
    what = f"{counts['tiers']} tier changes, {counts['moves']} moves, {counts['stories']} other stories"
    if result.state == "empty":
        click.echo(f"digest {name}: nothing new since {result.window_start}; not sent (send_empty is off)")
    else:
        click.echo(f"digest {name}: {what}; queued on {result.queued} channel(s)")
    if result.delivery:
        click.echo(f"delivery: {result.delivery}")
        for error in result.delivery.errors:
            click.echo(f"  outbox {error['outbox_id']} {error['channel']}: {error['error']}")


COMMANDS = [tiers, moves, alerts, notify, digest]
