"""Werkzeug's request attributes in converted code: what each becomes.

A converted handler gets Starlette's ``request: Request``, which has ``method``,
``headers``, ``cookies``, ``url``, ``client``... but none of Werkzeug's parsed extras.
Each attribute Flask's request had is written one of three ways, so that nothing is left
that would raise ``AttributeError`` when it runs:

* the Starlette expression that answers the same (``request.full_path`` ->
  ``(request.url.path + "?" + request.url.query)``, ``request.referrer`` ->
  ``request.headers.get("referer")``), with no finding;
* a body-free Werkzeug attribute (``is_json``, ``accept_mimetypes``, ``authorization``,
  ``user_agent``, ``if_match``, ``access_route``, ``environ``, ...): read from
  ``web_compat.werkzeug_request(request)``, Werkzeug's request built over the same method,
  URL, headers and client (F2F418, with the Starlette way as the suggestion);
* Flask's routing attributes (``endpoint``, ``blueprint``, ``url_rule``, ``view_args``):
  ``web_compat.request_endpoint(request)`` and its siblings, which find the route FastAPI
  matched (also in a middleware made of a ``before_request`` hook, before the routing).

The request body is not there for a sync handler: ``request.values`` becomes
``web_compat.request_values(request, form)`` with the handler's whole-form parameter.
"""

from __future__ import annotations

from flask2fastapi.report import Severity
from flask2fastapi.rules.base import FindingSpec

REQUEST_BRIDGED = FindingSpec(
    "F2F418",
    "request-attribute-bridged",
    Severity.INFO,
    "`request.{attribute}` is read through `{bridge}`, which answers as Flask's request did{note}.",
    "{advice}",
)

# request.<attribute> -> the Starlette expression that answers the same
INLINE = {
    "method": "request.method",
    "path": "request.url.path",
    "url": "str(request.url)",
    "base_url": 'str(request.url.replace(query=""))',
    "url_root": "str(request.base_url)",
    "host_url": "str(request.base_url)",
    "host": "request.url.netloc",
    "scheme": "request.url.scheme",
    "remote_addr": "(request.client.host if request.client else None)",
    "headers": "request.headers",
    "cookies": "request.cookies",
    "args": "request.query_params",
    "content_type": 'request.headers.get("content-type")',
    "mimetype": 'request.headers.get("content-type", "").partition(";")[0].strip().lower()',
    "query_string": "request.url.query.encode()",
    "full_path": '(request.url.path + "?" + request.url.query)',
    "script_root": 'request.scope.get("root_path", "").rstrip("/")',
    "is_secure": '(request.url.scheme in ("https", "wss"))',
    "referrer": 'request.headers.get("referer")',
}

_ACCEPT = "Read the header (request.headers.get(...)) or negotiate in a dependency."
# Werkzeug attributes that do not need the body -> the Starlette way, for the suggestion
WERKZEUG = {
    "accept_charsets": _ACCEPT,
    "accept_encodings": _ACCEPT,
    "accept_languages": _ACCEPT,
    "accept_mimetypes": _ACCEPT,
    "access_control_request_headers": _ACCEPT,
    "access_control_request_method": _ACCEPT,
    "access_route": 'Read request.headers.get("x-forwarded-for") (or request.client.host '
    "behind Uvicorn's --proxy-headers).",
    "authorization": "Use fastapi.security (HTTPBasic, HTTPBearer) as a dependency.",
    "cache_control": _ACCEPT,
    "content_encoding": 'Read request.headers.get("content-encoding").',
    "content_length": 'Read request.headers.get("content-length") and convert it.',
    "content_md5": 'Read request.headers.get("content-md5").',
    "date": 'Parse request.headers.get("date") (email.utils.parsedate_to_datetime).',
    "environ": "Starlette's request has the ASGI scope (request.scope), not a WSGI environ.",
    "if_match": _ACCEPT,
    "if_modified_since": _ACCEPT,
    "if_none_match": _ACCEPT,
    "if_range": _ACCEPT,
    "if_unmodified_since": _ACCEPT,
    "is_json": 'Test request.headers.get("content-type", "") for "application/json".',
    "is_multiprocess": "Drop it: a FastAPI server has no WSGI flags.",
    "is_multithread": "Drop it: a FastAPI server has no WSGI flags.",
    "is_run_once": "Drop it: a FastAPI server has no WSGI flags.",
    "max_forwards": _ACCEPT,
    "mimetype_params": 'Parse request.headers.get("content-type").',
    "origin": 'Read request.headers.get("origin").',
    "pragma": _ACCEPT,
    "range": _ACCEPT,
    "remote_user": 'Read request.scope.get("user") from an authentication middleware.',
    "root_path": 'Read request.scope.get("root_path", "").',
    "root_url": "Use str(request.base_url).",
    "server": 'Read request.scope.get("server").',
    "trusted_hosts": "Use Starlette's TrustedHostMiddleware.",
    "user_agent": 'Read request.headers.get("user-agent", "").',
}
# Werkzeug's Headers methods Starlette's Headers lacks or answers differently (names
# lower-cased, a header sent twice as two values, iteration over names)
HEADER_METHODS = frozenset(
    {"items", "keys", "values", "getlist", "get_all", "lists", "to_wsgi_list", "copy", "environ"}
)
# Flask's routing attributes -> the web_compat function that answers them
ROUTING = {
    "endpoint": ("request_endpoint", 'request.scope["route"].name in a handler'),
    "blueprint": ("request_blueprint", 'request.scope["route"].name before its last "."'),
    "blueprints": ("request_blueprints", "the route's name"),
    "url_rule": ("request_url_rule", 'request.scope["route"] (its .path, .name, .methods)'),
    "view_args": ("request_view_args", "request.path_params in a handler"),
}


def bridge(support: str, attribute: str) -> str:
    """``web_compat.werkzeug_request(request).<attribute>``"""
    return f"{support}(request).{attribute}"
