import functools

import web_compat
from fastapi import Depends, FastAPI, Form, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

app = FastAPI()
# TODO(flask2fastapi): F2F106 The secret key now configures web_compat.SessionMiddleware (request.session), with Flask's default cookie settings (HttpOnly, Path=/, no SameSite; a browser-session cookie unless the session is permanent, then 31 days): session cookies Flask signed are not valid any more, so users are logged out once.
app.add_middleware(web_compat.SessionMiddleware, secret_key="method-checks-dev-key")

USERS = {"grace": "cobol"}
NOTES = []


@app.exception_handler(400)
def bad_request(request: Request, error):
    return JSONResponse({"error": "bad request"}, status_code=400)


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        request = kwargs["request"]
        if request.session.get("user") is None:
            return RedirectResponse(web_compat.url_for(request, "login"), status_code=302)
        return view(*args, **kwargs)

    return wrapped


@app.api_route("/login", methods=["GET", "POST"], response_class=HTMLResponse)
def login(*, request: Request, form: web_compat.FormData = Depends(web_compat.form_data)):
    message = ""
    if request.method == "POST":
        username = form["username"]
        password = form["password"]
        if not username:
            message = "Username is required."
        elif not password:
            message = "Password is required."
        elif USERS.get(username) != password:
            message = "Incorrect username or password."
        else:
            request.session.clear()
            request.session["user"] = username
            return RedirectResponse(web_compat.url_for(request, "new_note"), status_code=302)
    return f"<h1>Log in</h1><p class='error'>{message}</p>"


@app.api_route("/notes/new", methods=["GET", "POST"], response_class=HTMLResponse)
@login_required
def new_note(*, request: Request, form: web_compat.FormData = Depends(web_compat.form_data)):
    if request.method == "POST":
        title = form["title"]
        body = form.get("body", "")
        if not title:
            return "<h1>New note</h1><p class='error'>Title is required.</p>"
        NOTES.append({"title": title, "body": body, "by": request.session["user"]})
        return RedirectResponse(web_compat.url_for(request, "list_notes"), status_code=302)
    return "<h1>New note</h1><form method='post'></form>"


@app.get("/notes")
def list_notes():
    return {"notes": NOTES}


@app.post("/tags")
def add_tag(*, tag: str = Form("")):
    if tag == "":
        return {"tag": None, "note": "empty tag kept as empty string"}
    return {"tag": tag.lower()}


@app.post("/echo-form")
def echo_form(*, form: web_compat.FormData = Depends(web_compat.form_data)):
    fields = form.to_dict()
    return {"fields": fields, "count": len(fields)}


@app.get("/args/lists")
def args_lists(*, request: Request):
    return web_compat.MultiDict(request.query_params.multi_items()).to_dict(flat=False)


@app.get("/args/first")
def args_first(*, request: Request):
    return dict(web_compat.MultiDict(request.query_params.multi_items()))


@app.get("/built")
def built():
    # TODO(flask2fastapi): F2F317 `r` is changed after it is made (data, mimetype, status or headers set), which Starlette's Response ignores: it is a web_compat.MutableResponse, which applies them.
    r = web_compat.MutableResponse()
    r.data = "made by hand"
    r.mimetype = "text/plain"
    r.status = 202
    r.headers["X-Kind"] = "built"
    return r


@app.get("/built/raw")
def built_raw():
    # TODO(flask2fastapi): F2F317 `resp` is changed after it is made (data, mimetype, status or headers set), which Starlette's Response ignores: it is a web_compat.MutableResponse, which applies them.
    resp = web_compat.MutableResponse(media_type="text/html")
    resp.data = '{"ok": true}'
    resp.mimetype = "application/json"
    resp.status = 201
    resp.headers["X-Kind"] = "raw"
    return resp
