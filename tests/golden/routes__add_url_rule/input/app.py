"""A library catalogue registered with add_url_rule."""
from flask import Flask, jsonify

app = Flask(__name__)

BOOKS = {1: "Dune", 2: "Emma"}


def catalogue():
    return jsonify(BOOKS)


def book(book_id):
    if book_id not in BOOKS:
        return jsonify(error="not found"), 404
    return jsonify(id=book_id, title=BOOKS[book_id])


def borrow(book_id):
    return jsonify(id=book_id, borrowed=True), 201


def about():
    return "A small library"


app.add_url_rule("/books", "catalogue", catalogue)
app.add_url_rule("/books/<int:book_id>", view_func=book)
app.add_url_rule("/books/<int:book_id>/borrow", "borrow_book", borrow, methods=["POST"])
app.add_url_rule("/about", endpoint="about", view_func=about, methods=["GET", "POST"])
