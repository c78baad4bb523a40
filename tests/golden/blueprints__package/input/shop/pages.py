from flask import Blueprint

pages = Blueprint("pages", __name__)


@pages.route("/about")
def about():
    return "<p>A small shop</p>"


@pages.route("/contact", endpoint="contact_us")
def contact():
    return "<p>shop@example.org</p>"
