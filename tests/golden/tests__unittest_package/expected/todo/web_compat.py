"""Templates, url_for, flashed messages and file responses for this FastAPI app.

The same behaviour the app's pages and handlers relied on before the migration:
url_for() gives paths with extra values in the query string, flash() keeps messages
in the session (SessionMiddleware), send_file() and send_from_directory() answer with
the same headers and refuse paths outside their directory.
"""

from __future__ import annotations

import itertools
import mimetypes
import os
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import HTTPException, Request
from fastapi.responses import FileResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.routing import NoMatchFound

ROOT = Path(__file__).resolve().parent


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
    path, names = _build(request, endpoint, values)
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
    for size in range(len(keys), -1, -1):
        for names in itertools.combinations(keys, size):
            try:
                path = request.app.url_path_for(endpoint, **{k: values[k] for k in names})
            except NoMatchFound:
                continue
            return str(path), set(names)
    raise NoMatchFound(endpoint, values)


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
        flashes = request.session.pop("_flashes", []) if "session" in request.scope else []
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
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
    """A file (a path, or a binary file object), with the headers it was sent with before."""
    path = None
    if isinstance(path_or_file, (str, os.PathLike)):
        path = Path(path_or_file)
        if download_name is None:
            download_name = path.name
    if mimetype is None and download_name is not None:
        mimetype = mimetypes.guess_type(download_name)[0]
    mimetype = mimetype or "application/octet-stream"
    headers = {"Cache-Control": f"public, max-age={max_age}" if max_age else "no-cache"}
    if download_name is not None:
        headers["Content-Disposition"] = _disposition(download_name, as_attachment)
    if path is not None:
        if not path.is_file():
            raise HTTPException(status_code=404)
        return FileResponse(path, media_type=mimetype, headers=headers)
    headers["Accept-Ranges"] = "bytes"
    return Response(path_or_file.read(), media_type=mimetype, headers=headers)


def send_from_directory(directory: str | os.PathLike[str], path: str, **kwargs: Any) -> Response:
    """A file of ``directory`` (relative to the app's folder); 404 for a path that is
    absolute, leaves the directory or names no file."""
    base = (ROOT / directory).resolve()
    if os.path.isabs(path) or ".." in Path(path).parts or "\\" in path:
        raise HTTPException(status_code=404)
    target = (base / path).resolve()
    if base not in target.parents or not target.is_file():
        raise HTTPException(status_code=404)
    return send_file(target, **kwargs)


@jinja2.pass_context
def _url_for(context: Any, endpoint: str, **values: Any) -> str:
    return url_for(context["request"], endpoint, **values)


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


templates = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader([ROOT / "templates"]),
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
