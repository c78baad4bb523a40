"""The rest of the items blueprint. This module imports the blueprint from views.py and
nothing from the web framework."""
from .views import ITEMS, bp
from . import web_compat
from fastapi import Request
from fastapi.responses import JSONResponse


@web_compat.exception_handler(KeyError)
def missing(request: Request, error):
    return JSONResponse({"missing": error.args[0]}, status_code=404)


@bp.get("/count", name="items.count")
def count():
    return {"count": len(ITEMS)}
