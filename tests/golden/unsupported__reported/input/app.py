"""A gallery app mixing what converts with what needs a person."""
from flask import Flask, abort, jsonify

app = Flask(__name__)

PHOTOS = {1: "sunset", 2: "harbour", 3: "market"}


@app.route("/photos")
def photos():
    return jsonify(PHOTOS)


@app.route("/photos/<int:photo_id>")
def photo(photo_id):
    title = PHOTOS.get(photo_id) or abort(404)
    return jsonify(id=photo_id, title=title)


@app.route("/photos/page/<int:page>")
def page_of_photos(page):
    per_page = app.config.get("PER_PAGE", 2)
    ids = sorted(PHOTOS)[(page - 1) * per_page : page * per_page]
    return jsonify(ids)


@app.route("/search/", strict_slashes=False)
def search():
    return jsonify(results=[])


@app.route("/pages/", defaults={"page": 1})
@app.route("/pages/<int:page>")
def pages(page):
    return jsonify(page=page)


@app.route("/count")
def count():
    return jsonify(len(PHOTOS))
