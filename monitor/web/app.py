"""The web app: routes that read the request, ask `views`, and answer in HTML, JSON or Atom.

    app = create_app("data/monitor.db")                 # loopback use: edits without a token
    app = create_app(path, edit_token=os.environ[...])  # edits need the token
    uvicorn.run(app, host="127.0.0.1", port=8080)

Every page is also JSON: add `.json` to the path (`/search.json?q=...`, `/articles/7.json`,
`/dashboard.json`, `/sources.json`, `/alerts.json`) or `?format=json`. `/search.atom?q=...` is a
search as a feed, `/alerts.atom` the alerts.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from monitor.alerts.config import AlertConfig, load_config
from monitor.classify.corrections import LabelError
from monitor.sources import SourcesError, load_sources
from monitor.store import Store, StoreError
from monitor.web import panels, views
from monitor.web.feeds import search_feed
from monitor.web.params import BadParameter, SearchParams
from monitor.web.render import STATIC, html, json_response
from monitor.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    LOOPBACK_HOSTS,
    SECURITY_HEADERS,
    SESSION_COOKIE,
    EditPolicy,
    new_csrf_cookie,
)

MAX_BODY = 64 * 1024
ATOM_ENTRIES = 50


class Archive:
    """Read-only connections to the archive, one per server thread, and a writer on demand."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()
        with Store(self.path, readonly=True) as probe:  # fails early, with the fix, on a missing file
            if probe.schema_version == 0:
                raise StoreError(f"{self.path}: not a monitor archive yet; run `monitor crawl` first or pass --db")

    def reader(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.path, readonly=True)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def writer(self) -> Store:
        """A read-write connection for one change (label corrections); close it after use."""
        return Store(self.path)

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()


def create_app(
    db_path: str | Path,
    *,
    allow_edits: bool = True,
    edit_token: str | None = None,
    allowed_hosts: list[str] | None = None,
    sources_path: str | Path | None = None,
    alerting: AlertConfig | None = None,
) -> Starlette:
    """The ASGI app over one archive.

    allow_edits: show and accept changes (label corrections; with `sources_path`, adding, turning
    on or off and fetching sources). edit_token: when set, changes need it (a login form sets a
    cookie; scripts send `Authorization: Bearer <token>`). allowed_hosts: Host header values to
    answer; default loopback names only (`["*"]` for any). sources_path: the sources.yaml the
    sources page changes; None: the page only shows the archive's sources. alerting: the
    configuration a fetch from the page raises alerts by (default: the built-in rules).
    """
    archive = Archive(db_path)
    policy = EditPolicy(allowed=allow_edits, token=edit_token)
    pages = Pages(archive, policy, str(sources_path) if sources_path else None, alerting or load_config(None))
    routes = [
        Route("/", pages.dashboard),
        Route("/dashboard.json", pages.dashboard),
        Route("/search", pages.search),
        Route("/search.json", pages.search),
        Route("/search.atom", pages.search_atom),
        Route("/articles/{article_id:int}", pages.article),
        Route("/articles/{article_id:int}.json", pages.article),
        Route("/articles/{article_id:int}/labels", pages.correct_labels, methods=["POST"]),
        Route("/alerts", pages.alerts),
        Route("/alerts.json", pages.alerts),
        Route("/alerts.atom", pages.alerts_atom),
        Route("/sources", pages.sources),
        Route("/sources.json", pages.sources),
        Route("/sources/add", pages.add_source, methods=["POST"]),
        Route("/sources/{source_id}/enabled", pages.switch_source, methods=["POST"]),
        Route("/sources/{source_id}/fetch", pages.fetch_source, methods=["POST"]),
        Route("/login", pages.login, methods=["GET", "POST"]),
        Route("/logout", pages.logout, methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        archive.close()

    app = Starlette(
        routes=routes, middleware=middleware, max_body_size=MAX_BODY, lifespan=lifespan,
        exception_handlers={HTTPException: pages.error, Exception: pages.crash},
    )
    app.state.archive = archive
    app.state.policy = policy
    return app


class SecurityHeaders:
    """Adds the security headers (CSP first of all) to every response, errors and files included."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or request.query_params.get("format") == "json"


def speaks_json(request: Request) -> bool:
    """A script rather than a browser form: it asked for JSON or sent JSON."""
    return wants_json(request) or "application/json" in request.headers.get("accept", "") or \
        "application/json" in request.headers.get("content-type", "")


class Pages:
    def __init__(self, archive: Archive, policy: EditPolicy, sources_path: str | None, alerting: AlertConfig):
        self.archive = archive
        self.policy = policy
        self.sources_path = sources_path
        self.alerting = alerting

    # Rendering --------------------------------------------------------------------------------

    def respond(self, request: Request, template: str, data: dict, *, status: int = 200,
                json_path: str | None = None, **extra) -> Response:
        if wants_json(request):
            return json_response(data, status=status)
        cookie = request.cookies.get(CSRF_COOKIE)
        fresh = cookie is None
        cookie = cookie or new_csrf_cookie()
        query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "format"])
        context = {
            "d": data, "request": request, "path": request.url.path,
            "json_url": (json_path or request.url.path + ".json") + (f"?{query}" if query else ""),
            "csrf_field": CSRF_FIELD, "csrf_token": self.policy.csrf_token(cookie),
            "can_edit": self.policy.may_edit(request), "edits_allowed": self.policy.allowed,
            "needs_login": self.policy.needs_login, **extra,
        }
        response = html(template, context, status=status)
        if fresh:
            response.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="strict",
                                secure=request.url.scheme == "https")
        return response

    # Pages ------------------------------------------------------------------------------------

    def dashboard(self, request: Request) -> Response:
        data = views.dashboard(self.archive.reader())
        return self.respond(request, "dashboard.html", data, json_path="/dashboard.json")

    def search(self, request: Request) -> Response:
        try:
            params = SearchParams.parse(request.query_params)
        except BadParameter as error:
            return self.bad_request(request, str(error))
        data = views.search(self.archive.reader(), params)
        status = 400 if data["error"] else 200
        atom = params.url("/search.atom", order=None)
        response = self.respond(request, "search.html", data, status=status, json_path="/search.json",
                                params=params, atom_url=atom)
        timing = data.get("timing_ms") or {}
        response.headers["server-timing"] = ", ".join(f"{name};dur={ms}" for name, ms in timing.items())
        return response

    def search_atom(self, request: Request) -> Response:
        try:
            params = SearchParams.parse(request.query_params)
        except BadParameter as error:
            return Response(str(error) + "\n", status_code=400, media_type="text/plain")
        params = SearchParams(params.q, params.sources, params.since, params.until, "newest", 1, params.labels)
        data = views.search(self.archive.reader(), params, limit=ATOM_ENTRIES, fold=False)
        if data["error"]:
            return Response(data["error"] + "\n", status_code=400, media_type="text/plain")
        base = str(request.base_url).rstrip("/")
        described = " ".join(filter(None, [f"“{params.q}”" if params.q else "latest articles",
                                           *(f"source {s}" for s in params.sources)]))
        body = search_feed(data, title=f"AI risk-signal monitor: {described}", self_url=str(request.url),
                           html_url=base + params.url("/search", order="newest"), base_url=base)
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    def article(self, request: Request) -> Response:
        article_id = request.path_params["article_id"]
        data = views.article(self.archive.reader(), article_id)
        if data is None:
            raise HTTPException(404, f"No article {article_id} in this archive.")
        return self.respond(request, "article.html", data, json_path=f"/articles/{article_id}.json",
                            saved=request.query_params.get("saved"))

    def alerts(self, request: Request) -> Response:
        data = {"alerts": panels.alerts_list(self.archive.reader())}
        return self.respond(request, "alerts.html", data, json_path="/alerts.json")

    def alerts_atom(self, request: Request) -> Response:
        base = str(request.base_url).rstrip("/")
        body = panels.alerts_feed(self.archive.reader(), feed_url=str(request.url), site_url=base + "/alerts")
        if body is None:
            raise HTTPException(404, "This archive has no alerts feed: alerting is not set up.")
        return Response(body, media_type="application/atom+xml; charset=utf-8")

    def sources(self, request: Request, *, status: int = 200, problem: str | None = None,
                address: str = "") -> Response:
        configured = self._configured()
        data = views.sources_page(self.archive.reader(), configured)
        known = {row["id"] for row in data["sources"] + data["waiting"]}
        done = {key: value for key in ("added", "fetched", "on", "off")
                if (value := request.query_params.get(key)) in known}  # only what names a listed source
        return self.respond(request, "sources.html", data, status=status, json_path="/sources.json",
                            manage=configured is not None, problem=problem, address=address, done=done,
                            fetched=_fetch_summary(request.query_params))

    def _configured(self) -> list | None:
        """sources.yaml's sources, when this server manages a readable one; else None (the page only shows)."""
        if not self.sources_path or not Path(self.sources_path).is_file():
            return None
        try:
            return load_sources(self.sources_path).sources
        except SourcesError:
            return None

    # Changes ----------------------------------------------------------------------------------

    def refusal(self, request: Request, form: dict, what: str, back: str) -> Response | None:
        """Why this change must be refused (read-only server, not logged in, a forged form), or None."""
        if not self.policy.allowed:
            return self.refuse(request, 403, f"{what} are turned off on this server (--read-only).")
        if not self.policy.may_edit(request):
            return self.refuse(request, 403, f"Log in with the server's token to make {what.lower()}.",
                               login=f"/login?next={back}")
        problem = self.policy.csrf_problem(request, form.get(CSRF_FIELD))
        if problem:
            return self.refuse(request, 403, f"Not saved: {problem}.")
        return None

    async def correct_labels(self, request: Request) -> Response:
        article_id = request.path_params["article_id"]
        form = await _form(request)
        refused = self.refusal(request, form, "Label corrections", f"/articles/{article_id}")
        if refused:
            return refused
        if views.article(self.archive.reader(), article_id) is None:
            raise HTTPException(404, f"No article {article_id} in this archive.")
        with self.archive.writer() as store:
            try:
                result = panels.correct_labels(store, article_id, form)
            except LabelError as error:
                return self.refuse(request, 400, f"Not saved: {error}")
        if speaks_json(request):
            return json_response({"saved": True, "article": article_id, "labels": result.as_dict() if result else {}})
        return RedirectResponse(f"/articles/{article_id}?saved=1#labels", status_code=303)

    async def add_source(self, request: Request) -> Response:
        form = await _form(request)
        refused = self.refusal(request, form, "Changes to sources", "/sources") or self._unmanaged(request)
        if refused:
            return refused
        address = str(form.get("url") or "").strip()
        try:
            entry = await panels.add_source(self.sources_path, address)
        except panels.SOURCE_PROBLEMS as error:
            if speaks_json(request):
                return json_response({"error": panels.source_problem(error)}, status=400)
            return self.sources(request, status=400, problem=f"Not added: {panels.source_problem(error)}",
                                address=address)
        if speaks_json(request):
            return json_response({"added": entry})
        return RedirectResponse(f"/sources?added={quote(entry['id'])}#waiting", status_code=303)

    async def switch_source(self, request: Request) -> Response:
        source_id = request.path_params["source_id"]
        form = await _form(request)
        refused = self.refusal(request, form, "Changes to sources", "/sources") or self._unmanaged(request)
        if refused:
            return refused
        enabled = str(form.get("enabled", "")) in ("1", "true", "on", "yes")
        try:
            panels.switch_source(self.sources_path, source_id, enabled)
        except panels.SOURCE_PROBLEMS as error:
            return self.refuse(request, 400, f"Not changed: {panels.source_problem(error)}")
        if speaks_json(request):
            return json_response({"source": source_id, "enabled": enabled})
        return RedirectResponse(f"/sources?{'on' if enabled else 'off'}={quote(source_id)}#source-{quote(source_id)}",
                                status_code=303)

    async def fetch_source(self, request: Request) -> Response:
        source_id = request.path_params["source_id"]
        form = await _form(request)
        refused = self.refusal(request, form, "Changes to sources", "/sources") or self._unmanaged(request)
        if refused:
            return refused
        try:  # a crawl, labels and alerts: seconds of blocking work, kept off the event loop
            result = await asyncio.to_thread(panels.fetch_source_now, self.archive.path, self.sources_path,
                                             source_id, self.alerting)
        except panels.SOURCE_PROBLEMS as error:
            return self.refuse(request, 400, f"Not fetched: {panels.source_problem(error)}")
        if speaks_json(request):
            return json_response(result)
        query = urlencode({"fetched": source_id, "outcome": result["outcome"], "new": result["new"],
                           "updated": result["updated"], "alerts": result["alerts"]})
        return RedirectResponse(f"/sources?{query}#source-{quote(source_id)}", status_code=303)

    def _unmanaged(self, request: Request) -> Response | None:
        if self._configured() is None:
            return self.refuse(request, 409, "This server changes no sources file: start it with "
                                             "`monitor serve --sources PATH` (a readable sources.yaml).")
        return None

    async def login(self, request: Request) -> Response:
        target = _local_path(request.query_params.get("next"))
        if not self.policy.needs_login:
            return RedirectResponse(target, status_code=303)
        error = None
        if request.method == "POST":
            form = await _form(request)
            problem = self.policy.csrf_problem(request, form.get(CSRF_FIELD))
            if problem:
                error = f"Not logged in: {problem}."
            elif self.policy.token_matches(form.get("token", "")):
                response = RedirectResponse(_local_path(form.get("next")), status_code=303)
                response.set_cookie(SESSION_COOKIE, self.policy.session_value(), httponly=True,
                                    samesite="strict", secure=request.url.scheme == "https")
                return response
            else:
                error = "That is not the server's token (MONITOR_WEB_TOKEN)."
        return self.respond(request, "login.html", {"error": error, "next": target},
                            status=403 if error else 200)

    async def logout(self, request: Request) -> Response:
        form = await _form(request)
        if self.policy.csrf_problem(request, form.get(CSRF_FIELD)) is None:
            response = RedirectResponse("/", status_code=303)
            response.delete_cookie(SESSION_COOKIE)
            return response
        return self.refuse(request, 403, "Not logged out: reload the page and try again.")

    # Errors -----------------------------------------------------------------------------------

    def refuse(self, request: Request, status: int, message: str, login: str | None = None) -> Response:
        if speaks_json(request):
            return json_response({"error": message}, status=status)
        return self.respond(request, "error.html", {"error": message, "status": status, "login": login},
                            status=status, json_path=request.url.path)

    def bad_request(self, request: Request, message: str) -> Response:
        return self.refuse(request, 400, message)

    async def error(self, request: Request, exc: HTTPException) -> Response:
        message = f"Nothing at {request.url.path}." if exc.detail == "Not Found" else str(exc.detail)
        return self.refuse(request, exc.status_code, message)

    async def crash(self, request: Request, exc: Exception) -> Response:
        response = self.refuse(request, 500, "Something went wrong on the server; the log has the details.")
        response.headers.update(SECURITY_HEADERS)  # this handler runs outside the header middleware
        return response


async def _form(request: Request) -> dict[str, str]:
    """A urlencoded form or a JSON object; lists (repeated fields) joined under one key as a list."""
    body = (await request.body()).decode("utf-8", "replace")
    if "application/json" in request.headers.get("content-type", ""):
        import json

        try:
            value = json.loads(body or "{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}
    fields = parse_qs(body, keep_blank_values=True)
    return {key: values[0] if len(values) == 1 else values for key, values in fields.items()}


def _fetch_summary(query) -> dict | None:
    """What a "Fetch now" did, from the redirect's query (numbers only: nothing of it is echoed as text)."""
    if "fetched" not in query:
        return None
    numbers = {key: int(query[key]) for key in ("new", "updated", "alerts") if query.get(key, "").isdigit()}
    outcome = query.get("outcome")
    return numbers | {"outcome": outcome if outcome in ("ok", "not_modified", "error", "skipped") else None}


def _local_path(target: str | None) -> str:
    """A redirect target on this server only (never //elsewhere or a full URL)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return quote(target, safe="/?=&#%:.-_~+")
