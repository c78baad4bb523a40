"""The counters API, registered under /counters."""
from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from counter.extensions import tally
from counter.helpers import known_counter

bp = APIRouter(tags=["counters"])


@bp.get("/last", name="counters.last")
def last(*, request: Request):
    name = request.session.get("last_counter")
    if name is None:
        return JSONResponse({"last": None}, status_code=404)
    return {"last": name, "step": request.app.state.config["TALLY_STEP"]}


@bp.get("/stats", name="counters.stats")
def stats():
    return {"closed": tally.closed, "counts": tally.counts}


@bp.post("/forget", name="counters.forget")
def forget(*, request: Request):
    request.session.pop("last_counter", None)
    request.session["visits"] = 0
    return Response(status_code=204)


@bp.get("/{name}", name="counters.show")
@known_counter
def show(name: str, *, request: Request):
    return {"name": request.state.counter, "url": request.state.counter_url, "count": tally.count(name), "visits": request.session.get("visits", 0)}


@bp.post("/{name}/hit", name="counters.hit", status_code=201)
@known_counter
def hit(name: str, *, request: Request):
    total = tally.hit(name)
    return {"name": name, "count": total, "touched": request.state.tally_touched}
