"""An inbox API whose before_request hook screens every body before the views see it."""
import web_compat
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from typing import Any

app = FastAPI()
BLOCKED = {"spam", "scam"}


async def read_body(request: Request) -> bytes:
    """The raw request body (Flask's request.get_data()), read before a sync handler runs."""
    return await request.body()


def screen(*, request: Request):
    if request.method != "POST":
        return None
    if web_compat.werkzeug_request(request).is_json:
        payload = web_compat.request_json(request, silent=True)
        if payload is None:
            return JSONResponse({"error": "bad json"}, status_code=400)
        if payload.get("subject") in BLOCKED:
            return JSONResponse({"error": "blocked"}, status_code=403)
    elif web_compat.request_form(request):
        if web_compat.request_form(request).get("token") != "t0k3n":
            raise HTTPException(status_code=403)
    elif web_compat.request_body(request) == b"ping":
        return HTMLResponse("pong")
    return None


@app.middleware("http")
async def screen_middleware(request: Request, call_next):
    try:
        response = await run_in_threadpool(screen, request=request)
    except StarletteHTTPException as exc:  # abort() in the hook
        return await web_compat.handle_exception(request, exc)
    if response is not None:
        return response
    return await call_next(request)


class PostMessageBody(BaseModel):
    """The JSON body post_message() reads."""

    model_config = ConfigDict(extra="allow")

    subject: Any


@app.post("/messages", status_code=201)
def post_message(*, message: PostMessageBody, raw_body: bytes = Depends(read_body)):
    return {"stored": message.subject, "raw": raw_body.startswith(b"{")}


@app.post("/forms")
def post_form(*, request: Request, form: web_compat.FormData = Depends(web_compat.form_data)):
    return {"name": form.get("name"), "all": web_compat.request_values(request, form).to_dict()}


@app.post("/raw")
def post_raw(*, raw_body: bytes = Depends(read_body)):
    return {"raw": raw_body.decode()}
