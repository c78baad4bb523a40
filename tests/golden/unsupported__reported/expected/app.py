"""A gallery app mixing what converts with what needs a person."""
# TODO(flask2fastapi): F2F001 Flask API still used here: abort.
from flask import abort
import web_compat
from fastapi import FastAPI
from flask import Flask

# TODO(flask2fastapi): F2F120 The Flask app is kept as a host (`app.state.flask_app`) for the code that still needs Flask: every such use is listed in this report at its line; web_compat pushes its contexts around each request.
app = FastAPI()
web_compat.host_flask(app, Flask(__name__))

PHOTOS = {1: "sunset", 2: "harbour", 3: "market"}


@app.get("/photos")
def photos():
    return PHOTOS


@app.get("/photos/{photo_id:int}")
def photo(photo_id: int):
    # TODO(flask2fastapi): F2F304 abort() inside an expression was left as it was: `raise` is a statement.
    title = PHOTOS.get(photo_id) or abort(404)
    return {"id": photo_id, "title": title}


@app.get("/photos/page/{page:int}")
def page_of_photos(page: int):
    per_page = app.state.config.get("PER_PAGE", 2)
    ids = sorted(PHOTOS)[(page - 1) * per_page : page * per_page]
    return ids


# TODO(flask2fastapi): F2F205 strict_slashes=False was dropped: FastAPI redirects the other form (307) instead of answering it.
@app.get("/search/")
def search():
    return {"results": []}


# TODO(flask2fastapi): F2F212 defaults={"page": 1} became parameter defaults: on the path without them, FastAPI also accepts them from the query string.
@app.get("/pages/")
@app.get("/pages/{page:int}")
@web_compat.rule_defaults(page=1)
def pages(page: int = 1):
    return {"page": page}


@app.get("/count")
def count():
    return len(PHOTOS)
