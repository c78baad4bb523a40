from flask import Blueprint, current_app, jsonify, session

bp = Blueprint("notes", __name__, url_prefix="/notes")

NOTES = [f"note {n}" for n in range(1, 8)]


def page_size():
    return current_app.config["PAGE_SIZE"]


@bp.route("/")
def index():
    page = NOTES[: page_size()]
    return jsonify(notes=page, banner=current_app.config["BANNER"])


@bp.route("/settings")
def settings():
    return jsonify(
        name=current_app.config.get("APP_NAME"),
        max_title=current_app.config["MAX_TITLE"],
        missing=current_app.config.get("NOT_SET", "default"),
        has_flag="internal_flag" in current_app.config,
        debug=current_app.debug,
    )


@bp.route("/count", methods=["POST"])
def count():
    session["count"] = session.get("count", 0) + 1
    current_app.logger.info("count is now %s", session["count"])
    return jsonify(count=session["count"])
