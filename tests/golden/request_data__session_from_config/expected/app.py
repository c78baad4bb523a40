"""A guest book: the visitor's name lives in the session, greetings are flashed."""
import web_compat
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from settings import Settings

app = FastAPI()
app.state.config = {}
web_compat.sessions(app)
app.state.config.update({key: getattr(Settings, key) for key in dir(Settings) if key.isupper()})


def load_visitor(*, request: Request):
    request.state.visitor = request.session.get("name", "guest")
    request.session["hits"] = request.session.get("hits", 0) + 1


@app.middleware("http")
async def load_visitor_middleware(request: Request, call_next):
    try:
        response = await run_in_threadpool(load_visitor, request=request)
    except StarletteHTTPException as exc:  # abort() in the hook
        return await web_compat.handle_exception(request, exc)
    if response is not None:
        return response
    return await call_next(request)


@app.post("/sign/{name}")
def sign(name: str, *, request: Request):
    request.session["name"] = name
    web_compat.flash(request, f"Thanks for signing, {name}!")
    web_compat.flash(request, "Come back soon", "info")
    return RedirectResponse("/", status_code=302)


@app.post("/leave")
def leave(*, request: Request):
    request.session.pop("name", None)
    web_compat.flash(request, "Bye")
    return RedirectResponse("/", status_code=302)


@app.get("/")
def index(*, request: Request):
    return {"visitor": request.state.visitor, "hits": request.session["hits"], "messages": web_compat.get_flashed_messages(request, with_categories=True)}
