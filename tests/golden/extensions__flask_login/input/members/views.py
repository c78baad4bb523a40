from flask import Blueprint, jsonify
from flask_login import current_user, login_required

bp = Blueprint("members", __name__)


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return jsonify(visitor=False, user=current_user.get_id())
    return jsonify(visitor=True, user=current_user.get_id())


@bp.route("/members-only")
@login_required
def members_only():
    return jsonify(secret=42, user=current_user.get_id())


@bp.route("/public")
def public():
    return jsonify(public=True)
