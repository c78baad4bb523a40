from . import current_user_or_anonymous, get_current_user
from fastapi import APIRouter, Depends

bp = APIRouter(tags=["members"])


@bp.get("/", name="members.index")
def index(*, current_user=Depends(current_user_or_anonymous)):
    if current_user.is_authenticated:
        return {"visitor": False, "user": current_user.get_id()}
    return {"visitor": True, "user": current_user.get_id()}


@bp.get("/members-only", name="members.members_only")
def members_only(*, current_user=Depends(get_current_user)):
    return {"secret": 42, "user": current_user.get_id()}


@bp.get("/public", name="members.public")
def public():
    return {"public": True}
