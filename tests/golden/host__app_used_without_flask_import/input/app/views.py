from flask import Blueprint, jsonify

bp = Blueprint("items", __name__)

ITEMS = {1: "pen", 2: "ink"}


@bp.route("/<int:item_id>")
def show(item_id):
    return jsonify(id=item_id, name=ITEMS[item_id])
