"""Routes for authors, registered with add_url_rule."""

from __future__ import annotations

from flask import abort, jsonify

from bookshop import app
from bookshop.data import AUTHORS, books_by


def list_authors():
    return jsonify([{"id": a.id, "name": a.name} for a in AUTHORS.values()])


def get_author(author_id):
    author = AUTHORS.get(author_id)
    if author is None:
        abort(404)
    return jsonify(id=author.id, name=author.name, country=author.country)


def author_books(author_id):
    if author_id not in AUTHORS:
        return jsonify(error="unknown author"), 404
    return jsonify([b.title for b in books_by(author_id)])


def authors_by_country(country):
    names = [a.name for a in AUTHORS.values() if a.country == country.upper()]
    return {"country": country.upper(), "authors": names}


app.add_url_rule("/authors", "authors", list_authors)
app.add_url_rule("/authors/<int:author_id>", "author", get_author)
app.add_url_rule("/authors/<int:author_id>/books", view_func=author_books)
app.add_url_rule("/authors/country/<country>", "by_country", authors_by_country, methods=["GET"])
