"""A notes service whose views return text made elsewhere: helpers, nested functions,
other views and request values, all sent by Flask as text/html."""
import json

import web_compat
from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse

app = FastAPI()
NOTES = {"1": "buy milk", "2": "call mum"}


def banner(title):
    return "<h1>" + title + "</h1>"


def note_or_error(key):
    if key in NOTES:
        return {"id": key, "text": NOTES[key]}
    return "no such note", 404


@app.get("/echo", response_class=HTMLResponse)
def echo(*, say: str = ""):
    return say


@app.get("/dump", response_class=HTMLResponse)
def dump():
    return json.dumps(NOTES, sort_keys=True)


@app.get("/banner/{title}")
def show_banner(title: str):
    # TODO(flask2fastapi): F2F318 `banner()` returns values Flask made a response of (text, (body, status) tuples, or a view's return value), which FastAPI would send as JSON (a string, or a list with status 200): its value now becomes a response when it runs, by Flask's rules (web_compat.make_response).
    return web_compat.make_response(banner(title))


@app.get("/notes/{key}")
def note(key: str):
    # TODO(flask2fastapi): F2F318 `note_or_error()` returns values Flask made a response of (text, (body, status) tuples, or a view's return value), which FastAPI would send as JSON (a string, or a list with status 200): its value now becomes a response when it runs, by Flask's rules (web_compat.make_response).
    return web_compat.make_response(note_or_error(key))


@app.get("/home")
def home(*, request: Request):
    # TODO(flask2fastapi): F2F417 The route handler `echo` is called directly: it now takes what it read from the request as parameters, so the call goes through web_compat.call_handler, which reads them from this request (a form or a JSON body too, from a sync handler; an async caller gets their defaults).
    # TODO(flask2fastapi): F2F318 `echo()` returns values Flask made a response of (text, (body, status) tuples, or a view's return value), which FastAPI would send as JSON (a string, or a list with status 200): its value now becomes a response when it runs, by Flask's rules (web_compat.make_response).
    return web_compat.make_response(web_compat.call_handler(echo, request))


@app.get("/shout")
def shout(*, request: Request):
    def loud():
        return web_compat.MultiDict(request.query_params.multi_items()).get("word", "hey").upper()

    # TODO(flask2fastapi): F2F318 `loud()` returns values Flask made a response of (text, (body, status) tuples, or a view's return value), which FastAPI would send as JSON (a string, or a list with status 200): its value now becomes a response when it runs, by Flask's rules (web_compat.make_response).
    return web_compat.make_response(loud())


@app.get("/first", response_class=HTMLResponse)
def first(*, word: str = Query("none", alias="w")):
    return word
