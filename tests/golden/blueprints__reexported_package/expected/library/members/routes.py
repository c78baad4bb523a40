from .. import web_compat
from fastapi import APIRouter
from fastapi.responses import JSONResponse

bp = APIRouter(tags=["members"])

MEMBERS = ["ada", "grace"]


# TODO(flask2fastapi): F2F505 `bp.after_request` now registers the hook with web_compat, which runs it with Flask's scope (the routes of `bp` only) around each request, on the Flask app kept as a host.
@web_compat.after_request(bp)
def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/", name="members.list_members")
def list_members():
    return {"members": MEMBERS}


@bp.get("/{name}", name="members.show_member")
def show_member(name: str):
    if name not in MEMBERS:
        return JSONResponse({"error": "no such member"}, status_code=404)
    return {"name": name}
