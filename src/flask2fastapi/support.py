"""The support module written into a converted server-rendered project, once.

Flask gives templates and handlers a few services that FastAPI leaves to the app:
``url_for`` with Flask's rules (a path, not a full URL; extra values as the query string;
``url_for("static", filename=...)``; blueprint-relative ``".view"``), flashed messages
kept in the session, and ``send_file`` / ``send_from_directory`` with Flask's headers and
its refusal of paths that leave the directory. Rewriting every template and every call
site into something else would change what the pages say; a small module with these
functions keeps them saying the same. It is plain FastAPI/Starlette/Jinja2 code the team
owns: it holds the ``Jinja2Templates`` object (the template folders Flask searched, with
Flask's autoescaping rules and template globals) and nothing that hides the framework.

The converter writes it beside the module that creates the app (Flask's ``root_path``,
which is where Flask looked for ``templates/`` and ``static/``) as ``web_compat.py``, when
the converted code imports from it, and never overwrites an existing file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

SUPPORT_MODULE = "web_compat"
# A line of the module's docstring: a file holding it is never converted.
SUPPORT_MARKER = b"Written by flask2fastapi, which never converts or overwrites it"

_HEADER = '''"""Templates, url_for, flashed messages and file responses for this FastAPI app.

The same behaviour the app's pages and handlers relied on before the migration:
url_for() gives paths with extra values in the query string, flash() keeps messages
in the session (SessionMiddleware: Flask's cookie settings, and no session without a
secret key), send_file() and send_from_directory() answer with the same headers and
refuse paths outside their directory, cors_origins() gives CORSMiddleware the origins
flask-cors allowed. While code that still needs Flask is left, host_flask() keeps a
Flask app beside the FastAPI app for it.

Written by flask2fastapi, which never converts or overwrites it: the code is yours.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import io
import itertools
import json
import mimetypes
import os
import re
import sys
import threading
import unicodedata
import weakref
from base64 import b64decode, b64encode
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http import HTTPStatus
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import anyio.to_thread
import jinja2
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import ImmutableMultiDict, MutableHeaders
from starlette.requests import HTTPConnection
from starlette.routing import Match, NoMatchFound

try:  # Starlette's sessions need itsdangerous, a dependency wherever the app has sessions
    from starlette.middleware.sessions import SessionMiddleware as _StarletteSessions
except ImportError:  # pragma: no cover
    _StarletteSessions = object  # type: ignore[misc,assignment]

ROOT = Path(__file__).resolve().parent
'''

_BODY = '''

def url_for(request: Request, endpoint: str, **values: Any) -> str:
    """The path of the route named ``endpoint``; values that are not path parameters
    become the query string. ``".view"`` is relative to the current route's blueprint,
    ``_external=True`` gives a full URL, ``_anchor`` a fragment."""
    external = values.pop("_external", False)
    anchor = values.pop("_anchor", None)
    values.pop("_method", None)
    scheme = values.pop("_scheme", None)
    if endpoint.startswith("."):
        route = request.scope.get("route")
        name = getattr(route, "name", None) or ""
        blueprint = name.rpartition(".")[0]
        endpoint = f"{blueprint}{endpoint}" if blueprint else endpoint[1:]
    if endpoint == "static" and "filename" in values:
        values["path"] = values.pop("filename")
    try:
        path, names = _build(request, endpoint, values)
    except NoMatchFound:  # a page of the Flask app kept as a host (an extension's)?
        path, names = _build_on_host(request, endpoint, values)
    query = [
        (key, value)
        for key, value in values.items()
        if key not in names and value is not None
    ]
    url = path
    if query:
        url += "?" + urlencode(query, doseq=True, safe="!$'()*,/:;?@")
    if anchor is not None:
        url += "#" + quote(str(anchor), safe="!#$&'()*+,/:;=?@")
    if external:
        base = request.base_url
        if scheme is not None:
            base = base.replace(scheme=scheme)
        url = str(base).rstrip("/") + url
    return url


def _build(request: Request, endpoint: str, values: dict[str, Any]) -> tuple[str, set[str]]:
    """The path of the route named ``endpoint`` that takes the most of the values as path
    parameters, and those parameters' names."""
    keys = [key for key, value in values.items() if value is not None]
    with_defaults = _build_with_defaults(request, endpoint, values)
    if with_defaults is not None:
        return with_defaults
    for size in range(len(keys), -1, -1):
        for names in itertools.combinations(keys, size):
            try:
                path = request.app.url_path_for(endpoint, **{k: values[k] for k in names})
            except NoMatchFound:
                continue
            return str(path), set(names)
    raise NoMatchFound(endpoint, values)


def rule_defaults(**defaults: Any) -> Any:
    """Flask's ``defaults={...}`` of a handler's routes whose paths lack these parameters,
    for url_for(): a value equal to the default builds the path without it, as in Flask."""

    def mark(handler: Any) -> Any:
        handler.web_compat_defaults = defaults
        return handler

    return mark


def _route_defaults(route: Any) -> dict[str, Any]:
    defaults = getattr(getattr(route, "endpoint", None), "web_compat_defaults", None) or {}
    own = getattr(route, "param_convertors", {})
    return {key: value for key, value in defaults.items() if key not in own}


def _build_with_defaults(
    request: Request, endpoint: str, values: dict[str, Any]
) -> tuple[str, set[str]] | None:
    # Werkzeug's choice among the rules of one endpoint when some have defaults: the rules
    # with the most arguments (defaults included) first, those with defaults before the
    # others, and the first whose defaults agree with the values given (a value equal to
    # the default picks the rule without it: ``url_for("index", page=1)`` is ``/``).
    routes = [
        route
        for route in _leaf_routes(request.app.router.routes)
        if getattr(route, "name", None) == endpoint
    ]
    rules = [(route, _route_defaults(route)) for route in routes]
    if not any(defaults for _, defaults in rules):
        return None
    given = {key: value for key, value in values.items() if value is not None}
    ranked = sorted(
        rules,
        key=lambda rule: (
            -len(set(getattr(rule[0], "param_convertors", {})) | set(rule[1])),
            -len(rule[1]),
        ),
    )
    for route, defaults in ranked:
        names = set(getattr(route, "param_convertors", {}))
        if not names <= set(given):
            continue
        if any(key in given and given[key] != value for key, value in defaults.items()):
            continue
        if not defaults:
            return None  # the rule the usual search finds
        try:
            path = request.app.url_path_for(endpoint, **{name: given[name] for name in names})
        except NoMatchFound:
            continue
        return str(path), names | set(defaults)
    return None


class MultiDict(ImmutableMultiDict):
    """Query arguments or a form read as Flask's ``request.args`` and ``request.form`` were:
    the first value of a key, a missing key is a 400, ``get()`` and ``getlist()`` take
    ``type=`` (a value that does not convert is skipped), ``items(multi=True)``,
    ``to_dict()`` and ``lists()``."""

    def __getitem__(self, key: Any) -> Any:
        if key not in self:
            raise HTTPException(status_code=400, detail=f"Missing field: {key}")
        return super().getlist(key)[0]

    def get(self, key: Any, default: Any = None, type: Any = None) -> Any:
        if key not in self:
            return default
        value = _typed(self[key], type)
        return default if value is _UNCONVERTED else value

    def getlist(self, key: Any, type: Any = None) -> list[Any]:
        values = [_typed(value, type) for value in super().getlist(key)]
        return [value for value in values if value is not _UNCONVERTED]

    def items(self, multi: bool = False) -> Any:  # type: ignore[override]
        if multi:
            return self.multi_items()
        return [(key, self[key]) for key in self.keys()]

    def values(self) -> Any:  # type: ignore[override]
        return [self[key] for key in self.keys()]

    def lists(self) -> list[tuple[str, list[Any]]]:
        return [(key, self.getlist(key)) for key in self.keys()]

    def to_dict(self, flat: bool = True) -> dict[str, Any]:
        if flat:
            return dict(self.items())
        return dict(self.lists())


FormData = MultiDict
_UNCONVERTED = object()


def _typed(value: Any, type: Any) -> Any:
    """``type(value)`` (the value itself without a type), or _UNCONVERTED."""
    if type is None:
        return value
    try:
        return type(value)
    except (ValueError, TypeError):
        return _UNCONVERTED


async def form_data(request: Request) -> FormData:
    """The request's form (empty for a request without one), for ``Depends``."""
    if "multipart/form-data" in request.headers.get("content-type", "") or (
        "application/x-www-form-urlencoded" in request.headers.get("content-type", "")
    ):
        form = await request.form()
        return MultiDict(form.multi_items())
    return MultiDict()


def werkzeug_request(request: Request) -> Any:
    """Werkzeug's request over this request's method, URL, headers and client (not its
    body): what Flask's ``request`` answered where Starlette's request has no such
    attribute (``is_json``, ``accept_mimetypes``, ``authorization``, ``user_agent``,
    ``if_match``, ``access_route``, ``environ``, ``headers.items()`` with Flask's names...)."""
    from werkzeug.wrappers import Request as WerkzeugRequest

    return WerkzeugRequest(_environ(request.scope, b""))


def request_values(request: Request, form: Any = None) -> MultiDict:
    """Flask's ``request.values``: the query arguments, then the form's fields (not for a
    GET, as in Werkzeug 2 and later)."""
    items = list(request.query_params.multi_items())
    if form is not None and request.method != "GET":
        items += list(form.multi_items())
    return MultiDict(items)


def request_body(request: Request) -> bytes:
    """Flask's ``request.get_data()`` in code that runs in a worker thread and cannot take
    the body as a parameter (a ``before_request`` hook run by a middleware): the body is
    read on the event loop, and the app still gets it."""
    import anyio.from_thread

    try:
        return anyio.from_thread.run(request.body)  # type: ignore[no-any-return]
    except RuntimeError:  # on the Flask host's request thread: its request has the body
        import flask

        return flask.request.get_data()  # type: ignore[no-any-return]


def request_json(request: Request, force: bool = False, silent: bool = False) -> Any:
    """Flask's ``request.get_json()`` (and ``request.json``) where ``request_body`` reads:
    a 415 for a body that is not JSON, a 400 for one that does not parse (None with
    ``silent=True``)."""
    import json

    if not (force or werkzeug_request(request).is_json):
        if silent:
            return None
        raise HTTPException(
            status_code=415,
            detail="Did not attempt to load JSON data because the request Content-Type "
            "was not 'application/json'.",
        )
    try:
        return json.loads(request_body(request))
    except ValueError as exc:
        if silent:
            return None
        raise HTTPException(status_code=400, detail=f"Failed to decode JSON object: {exc}")


def request_form(request: Request) -> MultiDict:
    """Flask's ``request.form`` where ``request_body`` reads (an empty form for a request
    without one)."""
    content_type = request.headers.get("content-type", "")
    if "multipart/form-data" not in content_type and (
        "application/x-www-form-urlencoded" not in content_type
    ):
        return MultiDict()
    import anyio.from_thread

    try:
        anyio.from_thread.run(request.body)  # kept for the app, which reads it again
        form = anyio.from_thread.run(request.form)
    except RuntimeError:  # on the Flask host's request thread
        import flask

        return MultiDict(list(flask.request.form.items(multi=True)))
    return MultiDict([(k, v) for k, v in form.multi_items() if isinstance(v, str)])


def _request_route(request: Request) -> Any:
    # the app's route for the request, with the prefix of the router it was included with
    # (a middleware, a before_request hook, runs before the routing set scope["route"])
    matched = _matched_route(request.scope)
    return matched[0] if matched else request.scope.get("route")


def request_endpoint(request: Request) -> str | None:
    """Flask's ``request.endpoint``: the name of the route that serves the request."""
    return getattr(_request_route(request), "name", None)


def request_blueprint(request: Request) -> str | None:
    """Flask's ``request.blueprint``: the endpoint's blueprint part (``"auth"`` for
    ``"auth.login"``), None for an app route."""
    endpoint = request_endpoint(request) or ""
    return endpoint.rpartition(".")[0] or None


def request_blueprints(request: Request) -> list[str]:
    """Flask's ``request.blueprints``: the blueprint and its parents, innermost first."""
    names = []
    name = request_blueprint(request)
    while name:
        names.append(name)
        name = name.rpartition(".")[0]
    return names


def request_view_args(request: Request) -> dict[str, Any] | None:
    """Flask's ``request.view_args``: the path parameters (None when no route matched)."""
    if request.scope.get("route") is not None:
        return dict(request.path_params)
    matched = _matched_route(request.scope)
    return None if matched is None else dict(matched[1].get("path_params", {}))


class RequestRule:
    """Flask's ``request.url_rule``: the rule in Flask's syntax (``/items/<int:id>``),
    its endpoint, methods and argument names."""

    def __init__(self, route: Any) -> None:
        self.endpoint = getattr(route, "name", None) or ""
        self.rule = _flask_rule(getattr(route, "path", ""))
        methods = set(getattr(route, "methods", None) or ())
        if "GET" in methods:
            methods.add("HEAD")
        self.methods = methods | {"OPTIONS"}
        self.arguments = set(getattr(route, "param_convertors", {}))

    def __str__(self) -> str:
        return self.rule

    def __repr__(self) -> str:
        return f"<Rule {self.rule!r} -> {self.endpoint}>"


def request_url_rule(request: Request) -> RequestRule | None:
    """Flask's ``request.url_rule`` (None when no route matched)."""
    route = _request_route(request)
    return None if route is None else RequestRule(route)


def _flask_rule(path: str) -> str:
    # ``/items/{id:int}`` -> ``/items/<int:id>``
    out = []
    rest = path
    while "{" in rest:
        before, _, rest = rest.partition("{")
        inside, _, rest = rest.partition("}")
        name, _, convertor = inside.partition(":")
        out.append(before)
        out.append(f"<{convertor}:{name}>" if convertor not in ("", "str") else f"<{name}>")
    return "".join(out) + rest


_NO_SECRET_KEY = (
    "The session is unavailable because no secret key was set. Set the secret_key on the "
    "application to something unique and secret."
)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class CookieSession(dict):  # type: ignore[type-arg]
    """Flask's session: a dict that knows whether the request read it (the answer then
    varies with the cookie) or changed it (the cookie is written again)."""

    accessed = False
    modified = False

    def __getitem__(self, key: Any) -> Any:
        self.accessed = True
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self.accessed = True
        return super().get(key, default)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        self.accessed = True
        self.modified = self.modified or key not in self
        return super().setdefault(key, default)

    def __setitem__(self, key: Any, value: Any) -> None:
        self.accessed = self.modified = True
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        self.accessed = self.modified = True
        super().__delitem__(key)

    def clear(self) -> None:
        self.accessed = self.modified = True
        super().clear()

    def pop(self, key: Any, *default: Any) -> Any:
        self.accessed = True
        self.modified = self.modified or key in self
        return super().pop(key, *default)

    def popitem(self) -> Any:
        self.accessed = self.modified = True
        return super().popitem()

    def update(self, *args: Any, **kwargs: Any) -> None:
        self.accessed = self.modified = True
        super().update(*args, **kwargs)

    def __ior__(self, other: Any) -> Any:
        self.update(other)
        return self

    @property
    def permanent(self) -> Any:
        """Flask's ``session.permanent``: kept in the session as "_permanent"."""
        return self.get("_permanent", False)

    @permanent.setter
    def permanent(self, value: Any) -> None:
        self["_permanent"] = bool(value)


class NullSession(CookieSession):
    """The session of an app without a secret key, as in Flask: empty, and a change fails."""

    def _fail(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError(_NO_SECRET_KEY)

    __setitem__ = __delitem__ = clear = pop = popitem = update = setdefault = _fail
    __ior__ = _fail


class SessionMiddleware(_StarletteSessions):
    """Flask's session cookie, signed in Starlette's format (base64 JSON, itsdangerous).

    As in Flask: with no secret key (None or "") every request gets an empty session
    that refuses changes (Flask's RuntimeError: a 500), no cookie is read and none is
    set. The cookie lasts as long as the browser unless the session is permanent
    (``request.session["_permanent"] = True``, Flask's ``session.permanent``): then it
    expires ``permanent_lifetime`` (a timedelta or seconds) later, and is written again
    on each request while ``refresh_each_request``. A cookie signed longer ago than the
    lifetime is refused. Its attributes are Flask's settings (SESSION_COOKIE_NAME,
    _DOMAIN, _PATH, _SECURE, _HTTPONLY, _SAMESITE, _PARTITIONED), by default HttpOnly,
    Path=/ and no SameSite attribute."""

    def __init__(
        self,
        app: Any,
        secret_key: Any = None,
        session_cookie: str = "session",
        permanent_lifetime: Any = timedelta(days=31),
        path: str | None = "/",
        domain: str | None = None,
        https_only: bool = False,
        httponly: bool = True,
        same_site: str | None = None,
        partitioned: bool = False,
        refresh_each_request: bool = True,
    ) -> None:
        # Starlette's __init__ is not called: it signs with str(secret_key), "None" too
        self.app = app
        self.signer = None
        if secret_key:
            import itsdangerous

            key = secret_key if isinstance(secret_key, (str, bytes)) else str(secret_key)
            self.signer = itsdangerous.TimestampSigner(key)
        if not isinstance(permanent_lifetime, timedelta):
            permanent_lifetime = timedelta(seconds=permanent_lifetime)
        self.permanent_lifetime = permanent_lifetime
        self.max_age = int(permanent_lifetime.total_seconds())
        self.session_cookie = session_cookie
        self.path = quote(path or "/", safe="%!$&'()*+,/:=@")
        self.domain = domain.partition(":")[0].lstrip(".") if domain else None
        self.secure = bool(https_only or partitioned)
        self.httponly = bool(httponly)
        self.same_site = same_site.title() if same_site else None
        if self.same_site not in (None, "Strict", "Lax", "None"):
            raise ValueError("SameSite must be 'Strict', 'Lax', or 'None'.")
        self.partitioned = bool(partitioned)
        self.refresh_each_request = refresh_each_request

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if self.signer is None:  # no secret key: no session, whatever the cookie says
            scope["session"] = NullSession()
            await self.app(scope, receive, send)
            return
        scope["session"] = self._open(HTTPConnection(scope).cookies.get(self.session_cookie))

        async def send_with_cookie(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                self._save(scope.get("session"), MutableHeaders(scope=message))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _open(self, cookie: str | None) -> CookieSession:
        import itsdangerous

        if not cookie or self.signer is None:
            return CookieSession()
        try:
            data = self.signer.unsign(cookie.encode("utf-8"), max_age=self.max_age)
            values = json.loads(b64decode(data))
        except (itsdangerous.BadSignature, ValueError):
            return CookieSession()
        return CookieSession(values) if isinstance(values, dict) else CookieSession()

    def _save(self, session: Any, headers: MutableHeaders) -> None:
        if session is None or self.signer is None:
            return
        cookie = None
        modified = getattr(session, "modified", True)
        permanent = bool(dict.get(session, "_permanent", False))
        if not session:  # emptied: the cookie goes
            if modified:
                cookie = self._cookie("", _EPOCH, max_age=0)
        elif modified or (permanent and self.refresh_each_request):
            data = self.signer.sign(b64encode(json.dumps(dict(session)).encode("utf-8")))
            expires = datetime.now(timezone.utc) + self.permanent_lifetime if permanent else None
            cookie = self._cookie(data.decode("utf-8"), expires)
        if cookie is not None:
            headers.append("set-cookie", cookie)
        vary = [v.strip().lower() for v in headers.get("vary", "").split(",")]
        if (cookie is not None or getattr(session, "accessed", True)) and "cookie" not in vary:
            headers.add_vary_header("Cookie")

    def _cookie(self, value: str, expires: datetime | None, max_age: int | None = None) -> str:
        # The attributes in the order Werkzeug writes them
        parts = [f"{self.session_cookie}={value}"]
        if self.domain:
            parts.append(f"Domain={self.domain}")
        if expires is not None:
            parts.append("Expires=" + format_datetime(expires, usegmt=True))
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        if self.secure:
            parts.append("Secure")
        if self.httponly:
            parts.append("HttpOnly")
        parts.append(f"Path={self.path}")
        if self.same_site:
            parts.append(f"SameSite={self.same_site}")
        if self.partitioned:
            parts.append("Partitioned")
        return "; ".join(parts)


def session_options(config: Any) -> dict[str, Any]:
    """SessionMiddleware's arguments from a Flask config: the secret key and Flask's
    session settings (Flask's defaults for those it does not have)."""
    lifetime = config.get("PERMANENT_SESSION_LIFETIME")
    return {
        "secret_key": config.get("SECRET_KEY"),
        "session_cookie": config.get("SESSION_COOKIE_NAME") or "session",
        "permanent_lifetime": timedelta(days=31) if lifetime is None else lifetime,
        "path": config.get("SESSION_COOKIE_PATH") or config.get("APPLICATION_ROOT") or "/",
        "domain": config.get("SESSION_COOKIE_DOMAIN") or None,
        "https_only": bool(config.get("SESSION_COOKIE_SECURE", False)),
        "httponly": bool(config.get("SESSION_COOKIE_HTTPONLY", True)),
        "same_site": config.get("SESSION_COOKIE_SAMESITE") or None,
        "partitioned": bool(config.get("SESSION_COOKIE_PARTITIONED", False)),
        "refresh_each_request": bool(config.get("SESSION_REFRESH_EACH_REQUEST", True)),
    }


def _session_middleware(middleware: list[Any], config: Any) -> list[Any]:
    """The app's SessionMiddleware entries, or one made from the config the app has when
    it starts (its key loaded from a file, ``from_object``...: see session_options);
    without a key, that middleware gives requests Flask's unusable session."""
    from starlette.middleware import Middleware

    found = [m for m in middleware if getattr(m.cls, "__name__", "") == "SessionMiddleware"]
    if found:
        return found
    return [Middleware(SessionMiddleware, **session_options(config))]


def sessions(app: FastAPI) -> None:
    """Flask's session for the whole app: when the app starts, a SessionMiddleware with the
    secret key and session cookie settings the config has then (``from_object``,
    ``from_mapping``, a file...) unless one was added, and the session middleware
    outermost, so the middlewares made of ``before_request`` hooks read
    ``request.session`` as Flask's hooks read ``session``."""
    build = app.build_middleware_stack
    if getattr(build, "web_compat_sessions", False):
        return

    def build_with_sessions() -> Any:
        middleware = app.user_middleware
        found = _session_middleware(middleware, getattr(app.state, "config", None) or {})
        app.user_middleware = found + [m for m in middleware if m not in found]
        return build()

    build_with_sessions.web_compat_sessions = True  # type: ignore[attr-defined]
    app.build_middleware_stack = build_with_sessions  # type: ignore[method-assign]


class MutableResponse(Response):
    """A response changed after it was made, the way Flask's were: ``data`` (or
    ``set_data()``), ``mimetype``, ``content_type``, ``status`` and ``headers`` can be set."""

    media_type = "text/html"

    @property
    def data(self) -> bytes:
        return bytes(self.body)

    @data.setter
    def data(self, value: Any) -> None:
        self.set_data(value)

    def set_data(self, value: Any) -> None:
        self.body = value.encode(self.charset) if isinstance(value, str) else bytes(value)
        self.headers["content-length"] = str(len(self.body))

    def get_data(self, as_text: bool = False) -> Any:
        return self.body.decode(self.charset) if as_text else bytes(self.body)

    @property  # type: ignore[override]
    def headers(self) -> MutableHeaders:
        return MutableHeaders(raw=self.raw_headers)

    @headers.setter
    def headers(self, value: Any) -> None:  # Werkzeug replaced every header
        items = value.items() if hasattr(value, "items") else value
        self.raw_headers = [
            (str(k).lower().encode("latin-1"), str(v).encode("latin-1")) for k, v in items
        ] + [(b"content-length", str(len(self.body)).encode())]

    @property
    def content_type(self) -> str | None:
        return self.headers.get("content-type")

    @content_type.setter
    def content_type(self, value: str) -> None:
        self.headers["content-type"] = value

    @property
    def mimetype(self) -> str | None:
        return (self.content_type or "").split(";")[0].strip() or None

    @mimetype.setter
    def mimetype(self, value: str) -> None:
        text = value.startswith("text/") or value in ("application/xml", "application/javascript")
        self.headers["content-type"] = f"{value}; charset=utf-8" if text else value

    @property
    def status(self) -> str:
        return f"{self.status_code} {HTTPStatus(self.status_code).phrase.upper()}"

    @status.setter
    def status(self, value: Any) -> None:
        self.status_code = int(str(value).split(" ", 1)[0])


def make_response(*args: Any) -> Response:
    """Flask's make_response() for a value whose type is known when it runs: a response as
    it is, text as HTML, a dict or list as JSON; ``(body, status, headers)`` as Flask read
    them."""
    value: Any = args[0] if len(args) == 1 else args
    status = headers = None
    if isinstance(value, tuple):
        body, *rest = value
        if len(rest) == 2:
            status, headers = rest
        elif len(rest) == 1:
            if isinstance(rest[0], (dict, list)) or hasattr(rest[0], "items"):
                headers = rest[0]
            else:
                status = rest[0]
        value = body
    if isinstance(value, Response):
        response = value
    elif isinstance(value, (dict, list)):
        response = JSONResponse(value)
    elif isinstance(value, (str, bytes)) or value is None:
        response = MutableResponse(value or b"")
    else:  # a Werkzeug response from code still running on Flask
        response = _from_werkzeug(value)
    if status is not None:
        response.status_code = int(str(status).split(" ", 1)[0])
    for key, item in (headers.items() if hasattr(headers, "items") else headers or []):
        response.headers[key] = str(item)
    return response


class URLMap:
    """What code read of Flask's ``app.url_map``, from the FastAPI app's routes."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.strict_slashes = True  # FastAPI redirects between /x and /x/ itself
        self.converters: dict[str, Any] = {}

    def iter_rules(self, endpoint: str | None = None) -> list[Any]:
        rules = [_Rule(route) for route in _leaf_routes(self.app.routes)]
        return [r for r in rules if endpoint is None or r.endpoint == endpoint]


def url_map(app: FastAPI) -> URLMap:
    """The app's URLMap (one per app)."""
    if not hasattr(app.state, "url_map"):
        app.state.url_map = URLMap(app)
    return app.state.url_map


def _build_on_host(
    request: Request, endpoint: str, values: dict[str, Any]
) -> tuple[str, set[str]]:
    flask_app = getattr(request.app.state, "flask_app", None)
    if flask_app is None:
        raise NoMatchFound(endpoint, values)
    adapter = flask_app.url_map.bind(
        "localhost", script_name=request.scope.get("root_path") or None, url_scheme="http"
    )
    given = {key: value for key, value in values.items() if value is not None}
    try:  # Werkzeug puts the values that are not path parameters in the query string
        return adapter.build(endpoint, given), set(values)
    except Exception:
        raise NoMatchFound(endpoint, values) from None


def error_handler(handler: Any) -> Any:
    """A Flask error handler (``handler(error)`` returning what a view returns) as a
    FastAPI exception handler: it gets the error as Flask gave it (a Werkzeug exception
    for an HTTP error) and its return value becomes a response by Flask's rules."""

    def handle(request: Request, exc: Exception) -> Response:
        return make_response(handler(_flask_error(exc)))

    return handle


def _flask_error(exc: Exception) -> Any:
    from starlette.exceptions import HTTPException as StarletteHTTPException

    if not isinstance(exc, StarletteHTTPException):
        return exc
    try:
        from werkzeug.exceptions import default_exceptions
    except ImportError:
        return exc
    kind = default_exceptions.get(exc.status_code)
    if kind is None:
        return exc
    description = exc.detail if isinstance(exc.detail, str) and exc.detail else None
    return kind(description=description)


def call_handler(handler: Any, request: Request, *args: Any, **kwargs: Any) -> Any:
    """Call a route handler from another one, as Flask let views call views: what the
    handler reads from the request (its query, header and cookie parameters, its JSON body,
    its form, and the request itself) comes from ``request``. The body is read from a sync
    handler's worker thread; where it cannot be (an async caller), a body or form
    parameter gets its default."""
    import inspect

    from fastapi import params
    from pydantic import BaseModel

    for name, parameter in inspect.signature(handler).parameters.items():
        if name in kwargs or parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            continue
        default = parameter.default
        annotation = parameter.annotation
        if name == "request":
            kwargs[name] = request
        elif isinstance(default, (params.Header, params.Cookie, params.Query)):
            if isinstance(default, params.Header):
                key = default.alias or name.replace("_", "-")
                source: Any = request.headers
            elif isinstance(default, params.Cookie):
                key, source = default.alias or name, request.cookies
            else:
                key, source = default.alias or name, request.query_params
            fallback = None if default.default is ... else default.default
            kwargs[name] = source.get(key, fallback)
        elif isinstance(default, params.Depends):
            dependency = default.dependency
            if dependency is not None and list(inspect.signature(dependency).parameters) == [
                "request"
            ]:  # form_data, read_body, ...: what it reads from this request
                kwargs[name] = _from_request(dependency, request)
        elif isinstance(default, params.Body) or (
            inspect.isclass(annotation) and issubclass(annotation, BaseModel)
        ):
            kwargs[name] = _json_body(request, default, annotation)
        elif isinstance(default, params.FieldInfo):
            kwargs[name] = None if default.default is ... else default.default
        elif default is inspect.Parameter.empty:
            kwargs[name] = request.query_params.get(name)
        else:
            kwargs[name] = request.query_params.get(name, default)
    return handler(*args, **kwargs)


def _from_request(reader: Any, request: Request) -> Any:
    """``reader(request)``, awaited from a sync handler's worker thread if it is async."""
    import inspect

    if not inspect.iscoroutinefunction(reader):
        return reader(request)
    from anyio import from_thread

    try:
        return from_thread.run(reader, request)
    except RuntimeError:  # not anyio's worker thread
        loop = getattr(_thread_loop, "loop", None)
        if loop is None:  # an async caller: nothing read
            return None
        return asyncio.run_coroutine_threadsafe(reader(request), loop).result()


def _json_body(request: Request, default: Any, annotation: Any) -> Any:
    """The JSON body a handler's body parameter would get (its default without one)."""
    import inspect
    import json

    from pydantic import BaseModel

    async def body(request: Request) -> bytes:
        return await request.body()

    raw = _from_request(body, request)
    fallback = getattr(default, "default", None)
    fallback = None if fallback in (..., inspect.Parameter.empty) else fallback
    if not raw:
        return fallback
    try:
        value = json.loads(raw)
    except ValueError:
        return fallback
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return annotation.model_validate(value)
    return value


def endpoint_alias() -> None:
    """The endpoint of a route that only names a URL (Flask's add_url_rule() without a
    view): the route registered first for the URL answers it."""
    raise HTTPException(status_code=404)


def flash(request: Request, message: str, category: str = "message") -> None:
    """Keep a message for the next page."""
    flashes = list(request.session.get("_flashes", []))
    flashes.append([category, message])
    request.session["_flashes"] = flashes


def get_flashed_messages(
    request: Request, with_categories: bool = False, category_filter: Any = ()
) -> list[Any]:
    """The flashed messages, removed from the session once per request."""
    flashes = getattr(request.state, "flashes", None)
    if flashes is None:
        session = request.scope.get("session")
        flashes = session.pop("_flashes") if session is not None and "_flashes" in session else []
        request.state.flashes = flashes
    if category_filter:
        flashes = [f for f in flashes if f[0] in category_filter]
    if with_categories:
        return [tuple(f) for f in flashes]
    return [f[1] for f in flashes]


_TOKEN = frozenset(
    "!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~"
)


def _header_value(value: str) -> str:
    if value and set(value) <= _TOKEN:
        return value
    return '"' + value.replace("\\\\", "\\\\\\\\").replace('"', '\\\\"') + '"'


def _disposition(name: str, as_attachment: bool) -> str:
    kind = "attachment" if as_attachment else "inline"
    try:
        name.encode("ascii")
    except UnicodeEncodeError:
        simple = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
        quoted = quote(name, safe="!#$&+^`|~")
        return f"{kind}; filename={_header_value(simple)}; filename*=UTF-8''{quoted}"
    return f"{kind}; filename={_header_value(name)}"


def send_file(
    path_or_file: Any,
    mimetype: str | None = None,
    as_attachment: bool = False,
    download_name: str | None = None,
    max_age: int | None = None,
) -> Response:
    """A file (a path, or a binary file object), with the headers it was sent with before;
    a relative path is in the app's folder (Flask's root_path), wherever the app runs."""
    path = None
    if isinstance(path_or_file, (str, os.PathLike)):
        path = ROOT / path_or_file
        if download_name is None:
            download_name = path.name
    if mimetype is None and download_name is not None:
        mimetype = mimetypes.guess_type(download_name)[0]
    mimetype = mimetype or "application/octet-stream"
    headers = {"Cache-Control": f"public, max-age={max_age}" if max_age else "no-cache"}
    if download_name is not None:
        headers["Content-Disposition"] = _disposition(download_name, as_attachment)
    if path is not None:
        if not _is_file(path):
            raise HTTPException(status_code=404)
        return FileResponse(path, media_type=mimetype, headers=headers)
    headers["Accept-Ranges"] = "bytes"
    return Response(path_or_file.read(), media_type=mimetype, headers=headers)


def send_from_directory(directory: str | os.PathLike[str], path: str, **kwargs: Any) -> Response:
    """A file of ``directory`` (relative to the app's folder); 404 for a path that is
    absolute, leaves the directory, names no file or no name the system takes (a NUL
    byte, too long: any error finding it), as Werkzeug's safe_join answered."""
    path = os.fspath(path)
    if os.path.isabs(path) or ".." in Path(path).parts or "\\\\" in path or "\\x00" in path:
        raise HTTPException(status_code=404)
    try:
        base = (ROOT / directory).resolve()
        target = (base / path).resolve()
    except (OSError, ValueError):
        raise HTTPException(status_code=404) from None
    if base not in target.parents or not _is_file(target):
        raise HTTPException(status_code=404)
    return send_file(target, **kwargs)


def _is_file(path: Path) -> bool:
    # os.path.isfile: False for a name the system refuses (too long, a NUL byte...)
    return os.path.isfile(path)


@jinja2.pass_context
def _url_for(context: Any, endpoint: str, **values: Any) -> str:
    request = context.get("request")
    if isinstance(request, TemplateRequest):
        request = request._request
    if not isinstance(request, Request):  # a macro imported without the page's context
        request = Request(_scope.get() or _scope_outside_requests() or {"type": "http"})
    return url_for(request, endpoint, **values)


@jinja2.pass_context
def _get_flashed_messages(context: Any, **options: Any) -> list[Any]:
    return get_flashed_messages(context["request"], **options)


class TemplateRequest:
    """The request as templates read it before: ``request.args``, ``request.path``,
    ``request.endpoint``, ...; everything else is Starlette's request."""

    def __init__(self, request: Request) -> None:
        self._request = request

    def __getattr__(self, name: str) -> Any:
        return getattr(self._request, name)

    args = property(lambda self: self._request.query_params)
    values = property(lambda self: self._request.query_params)
    path = property(lambda self: self._request.url.path)
    full_path = property(lambda self: f"{self._request.url.path}?{self._request.url.query}")
    url = property(lambda self: str(self._request.url))
    base_url = property(lambda self: str(self._request.url.replace(query="")))
    url_root = property(lambda self: str(self._request.base_url))
    host_url = property(lambda self: str(self._request.base_url))
    host = property(lambda self: self._request.url.netloc)
    script_root = property(lambda self: self._request.scope.get("root_path", ""))
    view_args = property(lambda self: self._request.path_params)
    remote_addr = property(lambda self: self._request.client.host if self._request.client else None)
    endpoint = property(lambda self: getattr(self._request.scope.get("route"), "name", None))
    blueprint = property(lambda self: (self.endpoint or "").rpartition(".")[0] or None)


def _globals(request: Request) -> dict[str, Any]:
    """What every template's context held before."""
    if isinstance(request, TemplateRequest):
        request = request._request
    return {
        "request": TemplateRequest(request),
        "session": request.scope.get("session", {}),
        "g": request.state,
        "config": getattr(request.app.state, "config", {}),
    }


# -- Flask kept as a host ---------------------------------------------------------------
# Code the migration did not convert yet (Flask extensions, CLI commands, helpers that use
# Flask's request, g, session or current_app) keeps running on a Flask application object
# kept beside the FastAPI app. For each request, FlaskHost pushes that object's
# application and request contexts, built from the ASGI request, and shares one store per
# concept with the converted code: Flask's session is request.session, Flask's g is
# request.state, the config is app.state.config. As under Flask, a request's synchronous
# code (hooks, handler, teardown) runs on one thread, so thread-bound resources such as
# sqlite3 connections keep working. Remove host_flask() once nothing uses Flask.

_pinned: contextvars.ContextVar[Any] = contextvars.ContextVar("web_compat_thread", default=None)
_scope: contextvars.ContextVar[Any] = contextvars.ContextVar("web_compat_scope", default=None)
_run_sync = anyio.to_thread.run_sync
_thread_loop = threading.local()


class _RequestThread:
    # One thread for the synchronous code of one request, started when first needed.

    def __init__(self) -> None:
        self.context = contextvars.copy_context()
        self.executor: ThreadPoolExecutor | None = None

    async def run(self, func: Any, *args: Any) -> Any:
        if self.executor is None:
            self.executor = ThreadPoolExecutor(1, thread_name_prefix="request")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self.executor, functools.partial(self.context.run, _with_loop, loop, func, *args)
        )

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=False)


def _with_loop(loop: Any, func: Any, *args: Any) -> Any:
    # the request's thread knows its event loop (call_handler reads a body through it)
    _thread_loop.loop = loop
    try:
        return func(*args)
    finally:
        _thread_loop.loop = None


async def _run_on_request_thread(func: Any, *args: Any, **kwargs: Any) -> Any:
    thread = _pinned.get()
    if thread is None:
        return await _run_sync(func, *args, **kwargs)
    try:
        asyncio.get_running_loop()
    except RuntimeError:  # not asyncio: the default thread pool
        return await _run_sync(func, *args, **kwargs)
    return await thread.run(func, *args)


def _werkzeug_major() -> int:
    try:
        return int(metadata.version("werkzeug").split(".")[0])
    except (metadata.PackageNotFoundError, ValueError):
        return 3


# Werkzeug before 2.0 keeps Flask's contexts per thread, not per context variable.
_THREAD_LOCAL = _werkzeug_major() < 2


def _environ(scope: dict[str, Any], body: bytes) -> dict[str, Any]:
    # The WSGI environ of an ASGI request, as a WSGI server would have built it.
    server = scope.get("server") or ("localhost", 80)
    client = scope.get("client") or ("", 0)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode("utf-8").decode("latin-1"),
        "PATH_INFO": scope["path"].encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": "HTTP/" + scope.get("http_version", "1.1"),
        "REMOTE_ADDR": client[0],
        "REMOTE_PORT": str(client[1]),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        if name == "CONTENT_LENGTH" or name == "CONTENT_TYPE":
            environ[name] = value
            continue
        key = "HTTP_" + name
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


async def _read_body(receive: Any) -> tuple[bytes, Any]:
    # The whole body, and a receive callable that hands it on again.
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"", receive
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    sent = False

    async def replay() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


class FlaskHost:
    # ASGI middleware: the Flask host's contexts around each request.

    def __init__(self, app: Any, flask_app: Any) -> None:
        self.app = app
        self.flask_app = flask_app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = b""
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            body, receive = await _read_body(receive)
        scope.setdefault("state", {})
        token = _scope.set(scope)
        thread = _RequestThread()
        pinned = _pinned.set(thread)
        try:
            route = _matched_route(scope)
            plan = self.flask_app.extensions.get("web_compat.hooks") or _NO_HOOKS
            hooks = _hooks_for(plan, route)
            contexts = await thread.run(self._push, scope, _environ(scope, body), route)
            if not _THREAD_LOCAL:
                _mirror(thread.context)
            error: BaseException | None = None
            started = False

            async def tracked(message: dict[str, Any]) -> None:
                nonlocal started
                started = started or message["type"] == "http.response.start"
                await send(message)

            try:
                send_on = tracked
                if hooks["after"]:
                    send_on = _after_hooks(thread, hooks["after"], tracked)
                response = await thread.run(self._before, hooks["before"])
                if response is not None:
                    await response(scope, receive, send_on)
                else:
                    await self.app(scope, receive, send_on)
            except Exception as exc:
                error = exc
                if not started:  # the app's 500 answer, with Flask's contexts still there
                    try:  # after hooks see it, as in Flask
                        await _server_error(scope, receive, send_on, exc)
                    except Exception:
                        if started:
                            raise
                        await _server_error(scope, receive, tracked, exc)
                raise
            except BaseException as exc:
                error = exc
                raise
            finally:
                error = error or scope.get("web_compat.server_error")  # answered, as in Flask
                await thread.run(self._pop, contexts, hooks["teardown"], error)
        finally:
            _pinned.reset(pinned)
            _scope.reset(token)
            thread.close()

    def _push(self, scope: dict[str, Any], environ: dict[str, Any], route: Any) -> Any:
        from flask.sessions import SecureCookieSession

        app_context = self.flask_app.app_context()
        app_context.push()
        object.__setattr__(app_context.g, "__dict__", scope["state"])  # g is request.state
        session = None
        if isinstance(scope.get("session"), NullSession):  # no secret key: Flask's own
            session = self.flask_app.session_interface.make_null_session(self.flask_app)
        elif "session" in scope:  # one session: web_compat's SessionMiddleware saves it
            session = SecureCookieSession(scope["session"])
            scope["session"] = session
        request_context = self.flask_app.request_context(environ)
        _give_session(request_context, session)
        request_context.push()
        request = request_context.request
        if route is not None:  # request.endpoint, request.blueprint, url_for(".view")
            request.url_rule = _Rule(route[0])
            request.view_args = dict(route[1].get("path_params", {}))
            request.routing_exception = None
        return app_context, request_context

    def _before(self, hooks: list[Any]) -> Response | None:
        # Flask's before_request hooks: a value other than None is the response.
        for hook in [*self.flask_app.before_request_funcs.get(None, ()), *hooks]:
            value = hook()
            if value is not None:
                return _as_response(self.flask_app, value)
        return None

    def _pop(self, contexts: Any, teardown: list[Any], error: BaseException | None) -> None:
        app_context, request_context = contexts
        for hook in reversed(teardown):
            hook(error)
        request_context.pop(error)
        app_context.pop(error)
        if self.flask_app.testing:  # for preserve_context(): what the test may read next
            session = getattr(request_context, "_session", None) or getattr(
                request_context, "session", None
            )
            self.flask_app.extensions["web_compat.last_request"] = (
                request_context.request.environ,
                dict(session or {}),
                dict(app_context.g.__dict__),
            )


def _flask_serves(flask_app: Any, scope: dict[str, Any]) -> bool:
    # Whether a rule of the Flask host (an extension's blueprint: its static files, its
    # pages) matches a URL no FastAPI route serves.
    from werkzeug.exceptions import HTTPException as WerkzeugHTTPException

    adapter = flask_app.url_map.bind(
        "localhost", script_name=scope.get("root_path") or None, url_scheme="http"
    )
    try:
        adapter.match(scope["path"], method=scope["method"])
    except WerkzeugHTTPException:
        return False
    except Exception:  # a redirect the rule asks for: Flask answers it
        return True
    return True


def _wsgi_response(flask_app: Any, environ: dict[str, Any]) -> tuple[int, list[Any], bytes]:
    started: list[Any] = []

    def start_response(status: str, headers: list[Any], exc_info: Any = None) -> Any:
        started[:] = [int(status.split(" ", 1)[0]), headers]
        return lambda data: None

    chunks = flask_app.wsgi_app(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return started[0], started[1], body


def _flask_fallback(flask_app: Any, default: Any) -> Any:
    # The router's answer to a URL no FastAPI route serves: the Flask host's, when one of
    # its rules matches (an extension's pages or static files), inside every middleware.
    async def fallback(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not _flask_serves(flask_app, scope):
            await default(scope, receive, send)
            return
        body = b""
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            body, receive = await _read_body(receive)
        answer = await _run_on_request_thread(_wsgi_response, flask_app, _environ(scope, body))
        await _send_flask_response(answer, send)

    return fallback


async def _send_flask_response(answer: tuple[int, list[Any], bytes], send: Any) -> None:
    status, headers, body = answer
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def _server_error(scope: dict[str, Any], receive: Any, send: Any, exc: Exception) -> None:
    response = await _server_answer(Request(scope, receive), exc)
    await response(scope, receive, send)


class _Rule:
    # What Flask code reads of the matched rule: its endpoint (the route's name).

    def __init__(self, route: Any) -> None:
        self.endpoint = getattr(route, "name", None) or ""
        self.rule = getattr(route, "path", "")
        self.methods = getattr(route, "methods", None)
        self.arguments = set(getattr(route, "param_convertors", {}))


def _leaf_routes(routes: Any) -> Any:
    # The routes that answer requests: a router included in another is a group of routes
    # of its own in newer FastAPI versions (and copied into its parent in older ones).
    for route in routes:
        candidates = getattr(route, "effective_candidates", None)
        if callable(candidates):
            yield from _leaf_routes(candidates())
        else:
            yield route


def _matched_route(scope: dict[str, Any]) -> Any:
    app = scope.get("app")
    for route in _leaf_routes(getattr(getattr(app, "router", None), "routes", ())):
        match, child = route.matches(scope)
        if match == Match.FULL:
            return route, child
    return None


# Hooks registered from blueprint modules: app-wide, or scoped to a router's routes.
# (router, kind, app-wide, function), in the order the modules registered them
_BLUEPRINT_HOOKS: list[tuple[Any, str, bool, Any]] = []


_NO_HOOKS: dict[str, Any] = {"app": {"before": [], "after": [], "teardown": []}, "scoped": []}


def _blueprint_hook(kind: str, app_wide: bool) -> Any:
    def register(router: Any) -> Any:
        def decorator(func: Any) -> Any:
            _BLUEPRINT_HOOKS.append((router, kind, app_wide, func))
            return func

        return decorator

    return register


# before_app_request(router)(func): every request of the app that includes the router;
# before_request(router)(func): that router's routes only (likewise after_, teardown_)
before_app_request = _blueprint_hook("before", app_wide=True)
after_app_request = _blueprint_hook("after", app_wide=True)
teardown_app_request = _blueprint_hook("teardown", app_wide=True)
before_request = _blueprint_hook("before", app_wide=False)
after_request = _blueprint_hook("after", app_wide=False)
teardown_request = _blueprint_hook("teardown", app_wide=False)


def _plan_hooks(app: FastAPI) -> dict[str, Any]:
    # Flask registered a blueprint's hooks when the app registered the blueprint: order
    # them by where the app includes each router, and leave out routers it never includes.
    leaves = list(_leaf_routes(app.router.routes))
    where: dict[int, int] = {}
    for index, leaf in enumerate(leaves):
        where.setdefault(id(getattr(leaf, "endpoint", None)), index)
    app_wide: list[tuple[float, int, str, Any]] = []
    scoped: list[tuple[set[int], str, Any]] = []
    for order, (router, kind, is_app_wide, func) in enumerate(_BLUEPRINT_HOOKS):
        endpoints = {id(getattr(r, "endpoint", None)) for r in _leaf_routes(router.routes)}
        positions = [where[e] for e in endpoints if e in where]
        if endpoints and not positions:
            continue  # a router the app does not include
        if is_app_wide:
            app_wide.append((min(positions, default=float("inf")), order, kind, func))
        else:
            scoped.append((endpoints, kind, func))
    ordered: dict[str, list[Any]] = {"before": [], "after": [], "teardown": []}
    for _, _, kind, func in sorted(app_wide, key=lambda item: (item[0], item[1])):
        ordered[kind].append(func)
    return {"app": ordered, "scoped": scoped}


def _hooks_for(plan: dict[str, Any], route: Any) -> dict[str, list[Any]]:
    hooks = {kind: list(funcs) for kind, funcs in plan["app"].items()}
    if route is not None:
        endpoint = id(getattr(route[0], "endpoint", None))
        for endpoints, kind, func in plan["scoped"]:
            if endpoint in endpoints:
                hooks[kind].append(func)
    return hooks


_HOSTS: weakref.WeakSet[Any] = weakref.WeakSet()  # the Flask apps kept as hosts
_BLUEPRINT_COMMANDS: dict[str, Any] = {}


def blueprint_cli(router: Any, name: str) -> Any:
    """A blueprint's ``cli`` group (``flask <name> <command>``), on every Flask host."""
    group = _BLUEPRINT_COMMANDS.get(name)
    if group is None:
        from flask.cli import AppGroup

        group = _BLUEPRINT_COMMANDS[name] = AppGroup(name)
        for flask_app in _HOSTS:
            flask_app.cli.add_command(group)
    return group


_EXCEPTION_HANDLERS: list[tuple[Any, Any]] = []


def exception_handler(exc_class_or_status_code: Any) -> Any:
    """Flask's ``app_errorhandler`` in a module without the app: the handler is added to
    the app's exception handlers when the app starts."""

    def decorator(func: Any) -> Any:
        _EXCEPTION_HANDLERS.append((exc_class_or_status_code, func))
        return func

    return decorator




class _HookResponse(Response):
    # The response as after_request hooks see it: status, headers and cookies.

    def __init__(self, message: dict[str, Any]) -> None:
        self.status_code = message["status"]
        self.raw_headers = list(message.get("headers", []))

    @property
    def status(self) -> str:
        return str(self.status_code)

    @property
    def mimetype(self) -> str:
        return self.headers.get("content-type", "").split(";")[0]


def _after_hooks(thread: _RequestThread, hooks: list[Any], send: Any) -> Any:
    async def send_with_hooks(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            response = _HookResponse(message)

            def run() -> Any:
                current = response
                for hook in reversed(hooks):
                    current = hook(current)
                return current

            done = await thread.run(run)
            message = {**message, "status": done.status_code, "headers": done.raw_headers}
        await send(message)

    return send_with_hooks


def _as_response(flask_app: Any, value: Any) -> Response:
    if isinstance(value, Response):
        return value
    return _from_werkzeug(flask_app.make_response(value))


def _from_werkzeug(response: Any) -> Response:
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
    out = Response(response.get_data(), status_code=response.status_code)
    out.raw_headers = [
        (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers
    ] + [(b"content-length", str(len(out.body)).encode())]
    return out


@contextlib.contextmanager
def preserve_context(client: Any) -> Any:
    """Flask's ``with client:`` for FastAPI's TestClient: after each request the test can
    read that request's ``flask.session``, ``flask.g`` and ``flask.request`` (the app must
    be testing, as Flask's client also required)."""
    flask_app = getattr(client.app.state, "flask_app", None)
    send = client.request
    pushed: list[Any] = []

    def pop_all() -> None:
        while pushed:
            pushed.pop().pop()

    def request(*args: Any, **kwargs: Any) -> Any:
        response = send(*args, **kwargs)
        pop_all()
        last = flask_app.extensions.get("web_compat.last_request") if flask_app else None
        if last is not None:
            from flask.sessions import SecureCookieSession

            environ, session, state = last
            context = flask_app.request_context(dict(environ))
            _give_session(context, SecureCookieSession(session))
            context.push()
            object.__setattr__(_flask_g(), "__dict__", dict(state))
            pushed.append(context)
        return response

    client.request = request
    try:
        with client:
            yield client
    finally:
        client.request = send
        pop_all()


def _give_session(request_context: Any, session: Any) -> None:
    # The session a request context opens with (None: Flask opens its own).
    if isinstance(getattr(type(request_context), "session", None), property):
        request_context._session = session  # Flask 3.1 and later
    else:
        request_context.session = session


def _flask_g() -> Any:
    import flask

    return flask.g._get_current_object()


def _mirror(context: contextvars.Context) -> None:
    # Flask's context variables, set on the request thread, seen by async code too.
    for var, value in context.items():
        if var.get(None) is not value:
            var.set(value)


def _url_from_routes(error: Any, endpoint: str, values: dict[str, Any]) -> str:
    # Flask's url_for() in code still running on Flask: the FastAPI route of that name.
    scope = _scope.get()
    if scope is None:  # a context pushed outside a request (a test, a CLI command)
        scope = _scope_outside_requests()
    if scope is None:
        raise error
    values = {key: value for key, value in values.items() if value is not None}
    try:
        return url_for(Request(scope), endpoint, **values)
    except NoMatchFound:
        raise error from None


def _scope_outside_requests() -> dict[str, Any] | None:
    # The scope of the request context a test pushed, or of the server Flask would name.
    import flask

    if not flask.has_app_context():
        return None
    app = flask.current_app.extensions.get("web_compat.fastapi")
    if app is None:
        return None
    environ: dict[str, Any] = {}
    if flask.has_request_context():
        environ = flask.request.environ
    server = flask.current_app.config.get("SERVER_NAME") or "localhost"
    return {
        "type": "http",
        "app": app,
        "router": app.router,
        "method": environ.get("REQUEST_METHOD", "GET"),
        "path": environ.get("PATH_INFO", "/"),
        "root_path": environ.get("SCRIPT_NAME", ""),
        "query_string": environ.get("QUERY_STRING", "").encode("latin-1"),
        "headers": [(b"host", environ.get("HTTP_HOST", server).encode("latin-1"))],
        "scheme": environ.get("wsgi.url_scheme", "http"),
        "server": (environ.get("SERVER_NAME", server), int(environ.get("SERVER_PORT", 80))),
    }


async def handle_exception(request: Request, exc: Exception) -> Response:
    """The app's answer to ``exc`` raised outside routing (in a middleware): its own
    handler for the status code or the exception class, else FastAPI's default."""
    from fastapi.exception_handlers import http_exception_handler
    from starlette.exceptions import HTTPException as StarletteHTTPException

    handlers = request.app.exception_handlers
    handler = None
    if isinstance(exc, StarletteHTTPException):
        handler = handlers.get(exc.status_code)
    for kind in type(exc).__mro__:
        if handler is None:
            handler = handlers.get(kind)
    handler = handler or http_exception_handler
    if asyncio.iscoroutinefunction(handler):
        return await handler(request, exc)
    return await _run_on_request_thread(handler, request, exc)


_SERVER_ERROR_PAGE = (
    "<!doctype html>\\n<html lang=en>\\n<title>500 Internal Server Error</title>\\n"
    "<h1>Internal Server Error</h1>\\n<p>The server encountered an internal error and was "
    "unable to complete your request. Either the server is overloaded or there is an error "
    "in the application.</p>\\n"
)


async def server_error(request: Request, exc: Exception) -> Response:
    """Flask's answer to an exception no handler took, which its after_request hooks saw
    too: the app's handler for the exception's class (``Exception``) or for 500, else
    Werkzeug's Internal Server Error page; the exception is logged. Where Flask let it
    propagate (``PROPAGATE_EXCEPTIONS``, else ``TESTING`` or ``DEBUG``) it is raised
    again, for the test client and the server, and no hook sees it. Teardown hooks get
    it as Flask gave it to them: unless a handler for its class answered it, it is
    ``request.scope["web_compat.server_error"]``."""
    import logging

    config = getattr(request.app.state, "config", None) or {}
    propagate = config.get("PROPAGATE_EXCEPTIONS")
    if propagate is None:
        propagate = config.get("TESTING") or config.get("DEBUG") or request.app.debug
    if propagate:
        raise exc
    logging.getLogger("web_compat").error(
        "Exception on %s [%s]", request.url.path, request.method, exc_info=exc
    )
    handlers = getattr(request.app, "exception_handlers", {})
    if not any(kind in handlers for kind in type(exc).__mro__):
        request.scope["web_compat.server_error"] = exc
    return await _server_answer(request, exc)


async def _server_answer(request: Request, exc: Exception) -> Response:
    # The app's handler for the exception's class or for 500, else Werkzeug's page.
    handlers = getattr(request.app, "exception_handlers", {})
    handler = next((handlers[kind] for kind in type(exc).__mro__ if kind in handlers), None)
    handler = handler or handlers.get(500)
    if handler is None:
        return HTMLResponse(_SERVER_ERROR_PAGE, status_code=500)
    if asyncio.iscoroutinefunction(handler):
        return await handler(request, exc)
    return await _run_on_request_thread(handler, request, exc)


async def _werkzeug_error(request: Request, exc: Any) -> Response:
    # abort() or get_or_404() in code still running on Flask: the status it asks for,
    # through the app's own handler for it when there is one.
    from starlette.exceptions import HTTPException as StarletteHTTPException

    if exc.code is None:
        return _from_werkzeug(exc.get_response())
    converted = StarletteHTTPException(exc.code, detail=exc.description)
    return await handle_exception(request, converted)


def _answering_werkzeug(call: Any) -> Any:
    # A handler that returns a Flask or Werkzeug response (Flask-Login's login_required,
    # a helper still on Flask) answers with it, as Flask did.
    def convert(value: Any) -> Any:
        module = type(value).__module__.split(".")[0]
        if module in ("flask", "werkzeug") and hasattr(value, "get_data"):
            return _from_werkzeug(value)
        return value

    if asyncio.iscoroutinefunction(call):

        @functools.wraps(call)
        async def answer_async(*args: Any, **kwargs: Any) -> Any:
            return convert(await call(*args, **kwargs))

        answer: Any = answer_async
    else:

        @functools.wraps(call)
        def answer(*args: Any, **kwargs: Any) -> Any:
            return convert(call(*args, **kwargs))

    answer.web_compat_answers = True
    return answer


def _share_templates(flask_app: Any) -> None:
    # Templates see what Flask extensions gave Flask's templates: their template folders,
    # globals, filters and context processors (Flask-Login's current_user, ...).
    env = templates.env
    base = getattr(env, "web_compat_loader", None) or env.loader
    env.web_compat_loader = base  # type: ignore[attr-defined]
    flask_env = flask_app.jinja_env
    env.loader = jinja2.ChoiceLoader([base, flask_env.loader])
    for mapping, flask_mapping in (
        (env.globals, flask_env.globals),
        (env.filters, flask_env.filters),
        (env.tests, flask_env.tests),
    ):
        for key, value in flask_mapping.items():
            mapping.setdefault(key, value)
    for name, extension in flask_env.extensions.items():
        if name not in env.extensions:
            env.add_extension(type(extension))
    if _flask_context not in templates.context_processors:
        templates.context_processors.append(_flask_context)


def _flask_context(request: Request) -> dict[str, Any]:
    import flask

    if not flask.has_request_context():
        return {}
    context: dict[str, Any] = {}
    for func in flask.current_app.template_context_processors.get(None, ()):
        if getattr(func, "__name__", "") != "_default_template_ctx_processor":
            context.update(func())
    return context


def host_flask(app: FastAPI, flask_app: Any) -> Any:
    # Keep ``flask_app`` serving what still needs Flask (see above); returns it.
    from werkzeug.exceptions import HTTPException as WerkzeugHTTPException

    config = getattr(app.state, "config", None)
    if config:
        flask_app.config.update(config)
    app.state.flask_app = flask_app
    app.state.config = flask_app.config  # one config object
    flask_app.extensions["web_compat.fastapi"] = app
    _HOSTS.add(flask_app)
    for group in _BLUEPRINT_COMMANDS.values():
        flask_app.cli.add_command(group)
    flask_app.url_build_error_handlers.append(_url_from_routes)
    app.add_exception_handler(WerkzeugHTTPException, _werkzeug_error)
    app.add_middleware(FlaskHost, flask_app=flask_app)
    build = app.build_middleware_stack

    def build_with_host() -> Any:
        # Sessions outermost, then the host, then every other middleware: hooks turned
        # middlewares see Flask's contexts, and all of them one session.
        middleware = app.user_middleware
        sessions = _session_middleware(middleware, flask_app.config)
        host = [m for m in middleware if m.cls is FlaskHost]
        rest = [m for m in middleware if m not in sessions and m not in host]
        app.user_middleware = sessions + host + rest
        for key, handler in _EXCEPTION_HANDLERS:
            app.add_exception_handler(key, handler)
        _share_templates(flask_app)
        if not getattr(app.router.default, "web_compat_fallback", False):
            app.router.default = _flask_fallback(flask_app, app.router.default)
            app.router.default.web_compat_fallback = True  # type: ignore[attr-defined]
            # FastAPI's own pages (/docs, /redoc, /openapi.json) yield to a page the Flask
            # app served at the same URL (an extension's API docs, say)
            own = {app.docs_url, app.redoc_url, app.openapi_url, app.swagger_ui_oauth2_redirect_url}
            for route in app.router.routes:
                path = getattr(route, "path", None)
                if path in own and hasattr(route, "app") and not hasattr(route, "dependant"):
                    probe = {"type": "http", "path": path, "method": "GET", "root_path": ""}
                    if _flask_serves(flask_app, probe):
                        route.app = _flask_fallback(flask_app, route.app)
        flask_app.extensions["web_compat.hooks"] = _plan_hooks(app)
        for route in _leaf_routes(app.router.routes):
            dependant = getattr(route, "dependant", None)
            if dependant is not None and not hasattr(dependant.call, "web_compat_answers"):
                dependant.call = _answering_werkzeug(dependant.call)
        return build()

    app.build_middleware_stack = build_with_host  # type: ignore[method-assign]
    anyio.to_thread.run_sync = _run_on_request_thread
    return flask_app

'''

# web_compat.cors_origins, also run by the converter on literal origins (one definition)
_CORS = r'''

_REGEX_HINTS = frozenset("*\\]?$^[()")
_INLINE_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")


def cors_origins(origins: Any) -> dict[str, Any]:
    """CORSMiddleware's arguments for flask-cors's ``origins``: the origins flask-cors
    allowed, no more. A str is one entry, as in flask-cors. An entry is "*" (every
    origin), a regular expression (a compiled pattern, or a str holding one of
    ``* \\ ] ? $ ^ [ ( )``: flask-cors matched it from the start of the origin, without
    case) or an origin (compared without case). Regular expressions become one
    ``allow_origin_regex`` that matches an origin whole exactly when flask-cors matched
    it; plain origins alone stay ``allow_origins``, in lower case (browsers send origins
    so, and Starlette compares them exactly)."""
    if isinstance(origins, str) or not isinstance(origins, Iterable):
        origins = [origins]
    entries = [".*" if entry == "*" else entry for entry in origins]
    if ".*" in entries:
        return {"allow_origins": ["*"]}
    plain: list[str] = []
    patterns: list[str] = []
    for entry in entries:
        if isinstance(entry, re.Pattern):
            patterns.append(_scoped(entry.pattern, entry.flags) + "(?s:.*)")
        elif isinstance(entry, str) and not _REGEX_HINTS.isdisjoint(entry):
            patterns.append(_scoped(entry, re.IGNORECASE) + "(?s:.*)")
        elif entry is not None:
            plain.append(str(entry))
    if not patterns:
        return {"allow_origins": [origin.lower() for origin in plain]}
    regex = "|".join(patterns + ["(?i:" + re.escape(origin) + ")" for origin in plain])
    try:
        re.compile(regex)
    except re.error as exc:
        raise ValueError(f"Invalid regular expression in the CORS origins: {exc}") from None
    return {"allow_origin_regex": regex}


def _scoped(pattern: str, flags: int) -> str:
    # ``pattern`` matched with ``flags`` (and its own leading inline flags), as a group
    letters = "".join(
        letter
        for letter, flag in (("a", re.ASCII), ("i", re.IGNORECASE), ("m", re.MULTILINE),
                             ("s", re.DOTALL), ("x", re.VERBOSE))
        if flags & flag
    )
    leading = _INLINE_FLAGS.match(pattern)
    if leading is not None:
        letters += leading.group(1).replace("u", "").replace("L", "")
        pattern = pattern[leading.end():]
    letters = "".join(dict.fromkeys(letters))
    end = "\n)" if "x" in letters else ")"
    return f"(?{letters}:{pattern}{end}"
'''

_TEMPLATES = '''templates = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader({folders}),
        autoescape=jinja2.select_autoescape(("html", "htm", "xml", "xhtml", "svg")),
        auto_reload=False,
    ),
    context_processors=[_globals],
)
templates.env.globals["url_for"] = _url_for
templates.env.globals["get_flashed_messages"] = _get_flashed_messages


def render_template(request: Request, template_name_or_list: Any, **context: Any) -> str:
    """A template rendered to text, with the same context a TemplateResponse gets."""
    template = templates.env.get_or_select_template(template_name_or_list)
    return template.render({**_globals(request), **context})


def render_template_string(request: Request, source: str, **context: Any) -> str:
    """A template given as text, rendered with the app's template globals."""
    template = templates.env.from_string(source)
    return template.render({**_globals(request), **context})
'''


def support_source(template_folders: list[str]) -> str:
    """The module's text; ``template_folders`` are paths relative to the module's folder."""
    folders = (
        "[" + ", ".join(f'ROOT / "{folder}"' for folder in template_folders) + "]"
        if template_folders
        else '[ROOT / "templates"]'
    )
    return _HEADER + _BODY + _CORS.lstrip("\n") + "\n\n" + _TEMPLATES.replace("{folders}", folders)


def _cors_namespace() -> dict[str, Any]:
    namespace: dict[str, Any] = {"re": re, "Any": Any, "Iterable": Iterable}
    exec(compile("from __future__ import annotations\n" + _CORS, "web_compat", "exec"), namespace)
    return namespace


def cors_origins(origins: Any) -> dict[str, Any]:
    """web_compat.cors_origins (see there), for origins the converter reads in the source."""
    return _CORS_FUNCTIONS["cors_origins"](origins)  # type: ignore[no-any-return]


_CORS_FUNCTIONS = _cors_namespace()


# What templates may still use that the support module does not provide: a pattern, why
# it breaks, what to do. (``request.args``, ``.path``, ``session``, ``g``, ``config``,
# ``url_for`` and ``get_flashed_messages`` are provided.)
TEMPLATE_CHECKS: tuple[tuple[str, str, str], ...] = (
    (
        r"\brequest\.(form|files|json|data|get_json|values|get_data|stream)\b",
        "the request body is not read for templates (FastAPI reads it asynchronously)",
        "Read the value in the handler (a Form parameter) and pass it to the template.",
    ),
    (
        r"\bcurrent_user\b",
        "Flask-Login put it in every template's context",
        "Pass the user from the handler, or add a context processor that returns it.",
    ),
    (
        r"\bcsrf_token\s*\(",
        "Flask-WTF's CSRF protection is not converted",
        "Add CSRF protection (a middleware or a dependency) and its token to the context.",
    ),
    (
        r"\b(form\.hidden_tag|form\.validate_on_submit)\s*\(",
        "Flask-WTF forms are not converted",
        "Render the form fields yourself, or keep WTForms without Flask-WTF.",
    ),
)
TEMPLATE_SUFFIXES = (".html", ".htm", ".jinja", ".jinja2", ".j2", ".xml", ".txt")
