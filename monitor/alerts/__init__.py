"""Alerting: from labelled articles to events, alerts and digests waiting in the outbox.

`config` (monitor.yaml: rules, digests, channels), `events` (the tier tracker, regulatory
moves and matched stories), `instruments` (the law and the stage an article names), `rules`
(which rules an event fires, and its outbox rows), `messages` (the channel-neutral message of
an alert), `digests`, and `feed` (the alerts as an Atom feed). Delivery is `monitor.notify`'s.
"""
