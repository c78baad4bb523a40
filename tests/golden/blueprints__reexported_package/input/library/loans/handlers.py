"""More of the loans blueprint, declared outside views.py: this module imports the
blueprint from its package and nothing from the web framework."""
from . import bp
from .views import LOANS, UnknownLoan


@bp.app_errorhandler(UnknownLoan)
def unknown_loan(error):
    return {"error": "unknown loan", "loan": error.args[0]}, 404


@bp.route("/count")
def count():
    return {"count": len(LOANS)}
