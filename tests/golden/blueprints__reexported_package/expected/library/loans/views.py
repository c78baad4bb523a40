# TODO(flask2fastapi): F2F001 Flask API still used here: g, request.
from flask import g, request
from .. import web_compat
from fastapi import APIRouter, Request

bp = APIRouter(tags=["loans"])

LOANS = {1: {"book": "Dune", "member": "ada"}, 2: {"book": "Emma", "member": "grace"}}


class UnknownLoan(Exception):
    pass


# TODO(flask2fastapi): F2F505 `bp.before_request` now registers the hook with web_compat, which runs it with Flask's scope (the routes of `bp` only) around each request, on the Flask app kept as a host.
@web_compat.before_request(bp)
def remember_desk():
    # TODO(flask2fastapi): F2F411 `g` is used in `remember_desk`, outside a route handler: Flask's per-request `g` has no global FastAPI equivalent. Until then it runs on Flask's `g`, which the Flask app kept as a host shares with `request.state`.
    # TODO(flask2fastapi): F2F403 `request` is used in `remember_desk()`, which could not be given the request: no route handler of this module calls it; FastAPI has no global request. Until then it reads Flask's `request`, which the Flask app kept as a host builds from the same request.
    g.desk = request.headers.get("X-Desk", "front")


@bp.get("/", name="loans.list_loans")
def list_loans(*, request: Request):
    return {"loans": sorted(LOANS), "desk": request.state.desk}


@bp.get("/{loan_id:int}", name="loans.show_loan")
def show_loan(loan_id: int):
    if loan_id not in LOANS:
        raise UnknownLoan(loan_id)
    return LOANS[loan_id]
