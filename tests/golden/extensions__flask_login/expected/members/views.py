from fastapi import APIRouter
# TODO(flask2fastapi): F2F803 The Flask extension `flask_login` is still used here: current_user, login_required.
from flask_login import current_user, login_required

bp = APIRouter(tags=["members"])


@bp.get("/", name="members.index")
def index():
    if current_user.is_authenticated:
        return {"visitor": False, "user": current_user.get_id()}
    return {"visitor": True, "user": current_user.get_id()}


@bp.get("/members-only", name="members.members_only")
@login_required
def members_only():
    return {"secret": 42, "user": current_user.get_id()}


@bp.get("/public", name="members.public")
def public():
    return {"public": True}
