"""The web page: dashboard, faceted search, article view with label corrections, source health.

Server-rendered HTML (Starlette + Jinja2, no script at all), the same data as JSON for every
page, Atom for saved searches. `app.create_app(db_path)` builds the ASGI app (`monitor serve` is
in monitor/cli/web.py). Page views read the archive through a read-only connection; nothing
here speaks SQL (that is `monitor.store`).
"""
