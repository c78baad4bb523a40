import web_compat
from fastapi import Cookie, Depends, FastAPI, Header, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict
from typing import Any, Optional


async def read_body(request: Request) -> bytes:
    """The raw request body (Flask's request.get_data()), read before a sync handler runs."""
    return await request.body()


class OrdersBody(BaseModel):
    """The JSON body orders() reads."""

    model_config = ConfigDict(extra="allow")

    item: Any


def create_app(test_config=None):
    app = FastAPI()
    app.state.config = {}
    # TODO(flask2fastapi): F2F106 The secret key now configures web_compat.SessionMiddleware (request.session), with Flask's default cookie settings (HttpOnly, Path=/, no SameSite; a browser-session cookie unless the session is permanent, then 31 days): session cookies Flask signed are not valid any more, so users are logged out once.
    app.state.config.update(SECRET_KEY="shop-test-key", CURRENCY="EUR")
    app.add_middleware(web_compat.SessionMiddleware, secret_key=app.state.config["SECRET_KEY"])
    if test_config:
        app.state.config.update(test_config)

    @app.get("/", response_class=HTMLResponse)
    def index():
        return "<h1>Shop</h1>"

    # TODO(flask2fastapi): F2F401 `limit` is now validated as int: a value that does not parse gets a 422 where Flask used the default.
    @app.get("/prices")
    def prices(*, limit: int = 10):
        return {"currency": app.state.config["CURRENCY"], "prices": [1, 2, 3][:limit]}

    @app.post("/orders", status_code=201)
    def orders(*, payload: OrdersBody, x_user: str = Header("anon")):
        return {"item": payload.item, "by": x_user}

    # TODO(flask2fastapi): F2F402 `doc` is required: a request without it gets a 422 where Flask answered 400.
    @app.post("/upload")
    def upload(*, doc: UploadFile, form: web_compat.FormData = Depends(web_compat.form_data)):
        return {"name": doc.filename, "size": len(doc.file.read()), "note": form["note"]}

    @app.post("/raw", response_class=HTMLResponse)
    def raw(*, raw_body: bytes = Depends(read_body)):
        return raw_body.decode().upper()

    @app.post("/login")
    def login(*, request: Request, form: web_compat.FormData = Depends(web_compat.form_data)):
        request.session["user"] = form["user"]
        return RedirectResponse(web_compat.url_for(request, "me"), status_code=302)

    @app.get("/me")
    def me(*, request: Request, theme: Optional[str] = Cookie(None)):
        return {"user": request.session.get("user"), "theme": theme}

    return app
