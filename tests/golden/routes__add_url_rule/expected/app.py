"""A library catalogue registered with add_url_rule."""
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse

app = FastAPI()

BOOKS = {1: "Dune", 2: "Emma"}


def catalogue():
    return BOOKS


def book(book_id: int):
    if book_id not in BOOKS:
        return JSONResponse({"error": "not found"}, status_code=404)
    return {"id": book_id, "title": BOOKS[book_id]}


def borrow(book_id: int):
    return JSONResponse({"id": book_id, "borrowed": True}, status_code=201)


def about():
    return HTMLResponse("A small library")


app.add_api_route("/books", catalogue)
app.add_api_route("/books/{book_id:int}", book)
app.add_api_route("/books/{book_id:int}/borrow", borrow, methods=["POST"], name="borrow_book")
app.add_api_route("/about", about, methods=["GET", "POST"])
