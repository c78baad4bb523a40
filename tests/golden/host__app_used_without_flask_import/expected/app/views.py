from fastapi import APIRouter

bp = APIRouter(tags=["items"])

ITEMS = {1: "pen", 2: "ink"}


@bp.get("/{item_id:int}", name="items.show")
def show(item_id: int):
    return {"id": item_id, "name": ITEMS[item_id]}
