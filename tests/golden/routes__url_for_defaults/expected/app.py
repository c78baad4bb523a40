"""A blog whose first page has a URL of its own, and links built with url_for."""
import web_compat
from fastapi import FastAPI, Request

app = FastAPI()


# TODO(flask2fastapi): F2F212 defaults={"page": 1} became parameter defaults: on the path without them, FastAPI also accepts them from the query string.
@app.get("/")
@app.get("/page/{page:int}")
@web_compat.rule_defaults(page=1)
def index(page: int = 1, *, request: Request):
    return {
        "page": page,
        "first": web_compat.url_for(request, "index", page=1),
        "next": web_compat.url_for(request, "index", page=page + 1),
        "home": web_compat.url_for(request, "index"),
        "sorted": web_compat.url_for(request, "index", page=1, sort="new"),
    }


# TODO(flask2fastapi): F2F212 defaults={"tag": "all"} became parameter defaults: on the path without them, FastAPI also accepts them from the query string.
@app.get("/tags/")
@app.get("/tags/{tag}")
@web_compat.rule_defaults(tag="all")
def tags(tag: str = "all", *, request: Request):
    return {"tag": tag, "all": web_compat.url_for(request, "tags", tag="all"), "this": web_compat.url_for(request, "tags", tag=tag)}


@app.get("/archive/")
@app.get("/archive/{year:int}")
def archive(year: int=2024, *, request: Request):
    return {"year": year, "same": web_compat.url_for(request, "archive", year=2024), "bare": web_compat.url_for(request, "archive")}
