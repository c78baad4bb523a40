"""More of the loans blueprint, declared outside views.py: this module imports the
blueprint from its package and nothing from the web framework."""
from . import bp
from .views import LOANS, UnknownLoan
from .. import web_compat
from fastapi import Request
from fastapi.responses import JSONResponse


@web_compat.exception_handler(UnknownLoan)
def unknown_loan(request: Request, error):
    return JSONResponse({"error": "unknown loan", "loan": error.args[0]}, status_code=404)


@bp.get("/count", name="loans.count")
def count():
    return {"count": len(LOANS)}
