"""Routes for books: listing, lookup, search, reservations and stock."""

from __future__ import annotations

from http import HTTPStatus

from flask import abort, jsonify, make_response, request

from bookshop import app
from bookshop.auth import staff_only
from bookshop.data import AUTHORS, BOOKS, Book, books_between, next_book_id, search_titles

SORT_KEYS = ("id", "title", "year", "price")


def get_book_or_404(book_id: int) -> Book:
    book = BOOKS.get(book_id)
    if book is None:
        abort(404, description=f"no book with id {book_id}")
    return book


@app.route("/books")
def list_books():
    author = request.args.get("author", type=int)
    sort = request.args.get("sort", "id")
    if sort not in SORT_KEYS:
        return jsonify(error=f"sort must be one of {', '.join(SORT_KEYS)}"), 400
    found = [b for b in BOOKS.values() if author is None or b.author_id == author]
    books = [b.to_dict() for b in sorted(found, key=lambda b: getattr(b, sort))]
    return jsonify(books), 200, {"X-Total-Count": str(len(books))}


@app.route("/books", methods=["POST"])
@staff_only
def create_book():
    data = request.get_json()
    if data["author_id"] not in AUTHORS:
        return jsonify(error="unknown author"), 422
    book_id = next_book_id()
    BOOKS[book_id] = Book(
        book_id,
        data["title"],
        data["author_id"],
        data["year"],
        data.get("price", 10.0),
        stock=data.get("stock", 0),
    )
    return jsonify(BOOKS[book_id].to_dict()), 201, {"Location": f"/books/{book_id}"}


@app.route("/books/<int:book_id>")
def get_book(book_id):
    return jsonify(get_book_or_404(book_id).to_dict())


@app.route("/books/search/<path:words>")
def search(words):
    return jsonify(query=words, results=[b.to_dict() for b in search_titles(words)])


@app.route("/books/price/<float:low>/<float:high>")
def by_price(low, high):
    if low > high:
        return jsonify(error="low must not exceed high"), HTTPStatus.BAD_REQUEST
    return jsonify([b.title for b in books_between(low, high)])


@app.route("/books/<int:book_id>/reserve/<name>", methods=["POST"])
def reserve(book_id, name):
    book = get_book_or_404(book_id)
    if name in book.reserved_by:
        abort(409, description=f"{name} already reserved this book")
    if len(book.reserved_by) >= book.stock:
        abort(409, description="no copy left to reserve")
    book.reserved_by.append(name)
    return jsonify(book.to_dict()), 201


@app.route("/books/<int:book_id>/reserve/<name>", methods=["DELETE"])
def cancel_reservation(book_id, name):
    book = get_book_or_404(book_id)
    if name not in book.reserved_by:
        abort(404)
    book.reserved_by.remove(name)
    return "", 204


@app.put("/books/<int:book_id>/stock/<int:count>")
@staff_only
def set_stock(book_id, count):
    book = get_book_or_404(book_id)
    book.stock = count
    return jsonify(id=book.id, stock=book.stock)


@app.route("/books/copy/<int:book_id>", methods=["POST"])
def copy_book(book_id):
    original = get_book_or_404(book_id)
    new_id = next_book_id()
    BOOKS[new_id] = Book(new_id, original.title, original.author_id, original.year, original.price)
    response = make_response(jsonify(BOOKS[new_id].to_dict()), 201)
    response.headers["Location"] = f"/books/{new_id}"
    return response


@app.delete("/books/<int:book_id>")
@staff_only
def delete_book(book_id):
    get_book_or_404(book_id)
    del BOOKS[book_id]
    return "", 204
