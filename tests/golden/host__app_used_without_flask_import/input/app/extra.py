"""The rest of the items blueprint. This module imports the blueprint from views.py and
nothing from the web framework."""
from .views import ITEMS, bp


@bp.app_errorhandler(KeyError)
def missing(error):
    return {"missing": error.args[0]}, 404


@bp.route("/count")
def count():
    return {"count": len(ITEMS)}
