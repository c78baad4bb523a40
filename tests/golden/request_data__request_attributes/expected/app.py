"""A diagnostics API that echoes what it knows about each request."""
import web_compat
from fastapi import APIRouter, Cookie, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

app = FastAPI()
api = APIRouter(tags=["api"])


def remember_route(*, request: Request):
    request.state.endpoint = web_compat.request_endpoint(request)
    request.state.blueprint = web_compat.request_blueprint(request)
    request.state.page = web_compat.request_view_args(request).get("page") if web_compat.request_view_args(request) else None


@app.middleware("http")
async def remember_route_middleware(request: Request, call_next):
    try:
        response = await run_in_threadpool(remember_route, request=request)
    except StarletteHTTPException as exc:  # abort() in the hook
        return await web_compat.handle_exception(request, exc)
    if response is not None:
        return response
    return await call_next(request)


@app.get("/about")
def about(*, request: Request):
    return {"full_path": (request.url.path + "?" + request.url.query), "script_root": request.scope.get("root_path", "").rstrip("/"), "is_secure": (request.url.scheme in ("https", "wss")), "url_root": str(request.base_url), "referrer": request.headers.get("referer"), "agent": request.headers.get("user-agent", ""), "agent_text": str(web_compat.werkzeug_request(request).user_agent), "route": web_compat.werkzeug_request(request).access_route, "endpoint": web_compat.request_endpoint(request), "seen": request.state.endpoint, "blueprint": web_compat.request_blueprint(request), "rule": str(web_compat.request_url_rule(request)), "forwarded": web_compat.werkzeug_request(request).environ.get("HTTP_X_FORWARDED_FOR"), "method": web_compat.werkzeug_request(request).environ["REQUEST_METHOD"]}


@app.get("/negotiate")
def negotiate(*, request: Request):
    best = web_compat.werkzeug_request(request).accept_mimetypes.best_match(["application/json", "text/html"])
    if best == "text/html":
        return HTMLResponse("<p>hello</p>")
    return {"best": best, "language": web_compat.werkzeug_request(request).accept_languages.best, "authorized": web_compat.werkzeug_request(request).authorization.username if web_compat.werkzeug_request(request).authorization else None}


@app.api_route("/submit", methods=["GET", "POST"])
def submit(*, request: Request, form: web_compat.FormData = Depends(web_compat.form_data)):
    return {"is_json": web_compat.werkzeug_request(request).is_json, "mimetype": request.headers.get("content-type", "").partition(";")[0].strip().lower(), "params": web_compat.werkzeug_request(request).mimetype_params, "length": web_compat.werkzeug_request(request).content_length, "name": web_compat.request_values(request, form).get("name"), "names": web_compat.request_values(request, form).getlist("name"), "values": web_compat.request_values(request, form).to_dict(flat=False)}


@app.get("/query")
def query(*, request: Request, key: str = "q"):
    # TODO(flask2fastapi): F2F410 `request.args.get(key)` was not made a parameter: its key is not a string literal; it reads the request as Flask's did.
    return {"items": sorted(web_compat.MultiDict(request.query_params.multi_items()).items()), "keys": sorted(web_compat.MultiDict(request.query_params.multi_items()).keys()), "lists": sorted(web_compat.MultiDict(request.query_params.multi_items()).lists()), "all": web_compat.MultiDict(request.query_params.multi_items()).to_dict(flat=False), "plain": dict(web_compat.MultiDict(request.query_params.multi_items())), "chosen": web_compat.MultiDict(request.query_params.multi_items()).get(key)}


# TODO(flask2fastapi): F2F401 `size` is now validated as int: a value that does not parse gets a 422 where Flask used the default.
@app.get("/headers")
def headers(*, request: Request, size: int = Cookie(0)):
    return {"names": sorted(name for name, _ in web_compat.werkzeug_request(request).headers.items() if name.startswith("X-")), "custom": sorted(k for k, v in web_compat.werkzeug_request(request).headers if k.startswith("X-")), "tokens": web_compat.werkzeug_request(request).headers.getlist("X-Token"), "cookies": web_compat.MultiDict(request.cookies.items()).to_dict(), "every": sorted(web_compat.MultiDict(request.cookies.items()).items()), "size": size}


@api.get("/pages/{page:int}", name="api.page")
def page(page: int, *, request: Request):
    return {"page": page, "seen": request.state.page, "endpoint": web_compat.request_endpoint(request), "blueprint": request.state.blueprint, "rule": web_compat.request_url_rule(request).rule, "args": request.path_params}


app.include_router(api, prefix="/api")
