import logging
from fastapi import APIRouter, Request

bp = APIRouter(tags=["notes"])

NOTES = [f"note {n}" for n in range(1, 8)]


def page_size(*, request: Request):
    return request.app.state.config["PAGE_SIZE"]


@bp.get("/", name="notes.index")
def index(*, request: Request):
    page = NOTES[: page_size(request=request)]
    return {"notes": page, "banner": request.app.state.config["BANNER"]}


@bp.get("/settings", name="notes.settings")
def settings(*, request: Request):
    return {"name": request.app.state.config.get("APP_NAME"), "max_title": request.app.state.config["MAX_TITLE"], "missing": request.app.state.config.get("NOT_SET", "default"), "has_flag": "internal_flag" in request.app.state.config, "debug": request.app.debug}


@bp.post("/count", name="notes.count")
def count(*, request: Request):
    request.session["count"] = request.session.get("count", 0) + 1
    logging.getLogger(__name__).info("count is now %s", request.session["count"])
    return {"count": request.session["count"]}
