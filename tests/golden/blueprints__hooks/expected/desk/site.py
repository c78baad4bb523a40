# TODO(flask2fastapi): F2F001 Flask API still used here: g, session.
from flask import g, session
from . import web_compat
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

site = APIRouter(tags=["site"])


# TODO(flask2fastapi): F2F505 `site.before_app_request` now registers the hook with web_compat, which runs it with Flask's scope (every request of the app) around each request, on the Flask app kept as a host.
@web_compat.before_app_request(site)
def load_user():
    # TODO(flask2fastapi): F2F411 `g` is used in `load_user`, outside a route handler: Flask's per-request `g` has no global FastAPI equivalent. Until then it runs on Flask's `g`, which the Flask app kept as a host shares with `request.state`.
    # TODO(flask2fastapi): F2F412 `session` is used in `load_user`, outside a route handler: FastAPI's session lives on the request. Until then it runs on Flask's `session`, which the Flask app kept as a host shares with `request.session`.
    g.user = session.get("user")


@web_compat.exception_handler(404)
def not_found(request: Request, error):
    return JSONResponse({"error": "not found", "path": request.url.path}, status_code=404)


@site.get("/", name="site.index", response_class=HTMLResponse)
def index():
    return "<h1>Help desk</h1>"


@site.get("/about", name="site.about")
def about(*, request: Request):
    return {"page": "about", "user": request.state.user}


@site.post("/login", name="site.login")
def login(*, request: Request, form: web_compat.FormData = Depends(web_compat.form_data)):
    request.session["user"] = form["user"]
    return RedirectResponse(web_compat.url_for(request, "site.index"), status_code=302)


@site.post("/logout", name="site.logout")
def logout(*, request: Request):
    request.session.pop("user", None)
    return RedirectResponse(web_compat.url_for(request, "site.index"), status_code=302)
