"""The bookshop's own test suite (Flask's test client)."""

from __future__ import annotations

import copy

import pytest

from bookshop import app
from bookshop import data


@pytest.fixture
def client():
    saved = copy.deepcopy(data.BOOKS)
    app.config["TESTING"] = True
    with app.test_client() as client:
        yield client
    data.BOOKS.clear()
    data.BOOKS.update(saved)


def test_landing_page_is_html(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert b"<h1>Bookshop</h1>" in response.data


def test_health(client):
    assert client.get("/health").data == b"ok"


def test_robots_is_plain_text(client):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    assert b"Disallow" in response.data


def test_list_books_counts_them(client):
    response = client.get("/books")
    assert response.status_code == 200
    assert response.headers["X-Total-Count"] == "4"
    assert [b["id"] for b in response.get_json()] == [1, 2, 3, 4]


def test_get_book(client):
    book = client.get("/books/3").get_json()
    assert book["title"] == "Things Fall Apart"
    assert book["available"] == 5


def test_unknown_book_is_404(client):
    assert client.get("/books/99").status_code == 404


def test_non_integer_id_does_not_match(client):
    assert client.get("/books/abc").status_code == 404


def test_search_takes_a_path(client):
    results = client.get("/books/search/earth").get_json()["results"]
    assert [b["id"] for b in results] == [1]


def test_price_range(client):
    assert client.get("/books/price/8.0/10.0").get_json() == [
        "Things Fall Apart",
        "A Wizard of Earthsea",
    ]


def test_price_range_needs_floats(client):
    assert client.get("/books/price/8/10").status_code == 404


def test_price_range_must_be_ordered(client):
    assert client.get("/books/price/10.0/8.0").status_code == 400


def test_reserve_and_cancel(client):
    response = client.post("/books/2/reserve/ada")
    assert response.status_code == 201
    assert response.get_json()["available"] == 0
    assert client.post("/books/2/reserve/bob").status_code == 409
    assert client.delete("/books/2/reserve/ada").status_code == 204
    assert client.delete("/books/2/reserve/ada").status_code == 404


def test_reserving_twice_is_a_conflict(client):
    client.post("/books/1/reserve/ada")
    assert client.post("/books/1/reserve/ada").status_code == 409


STAFF = {"X-Staff-Key": "staff-key-1"}


def test_set_stock(client):
    assert client.put("/books/4/stock/2", headers=STAFF).get_json() == {"id": 4, "stock": 2}
    assert client.get("/books/4/stock/2").status_code == 405


def test_staff_only_endpoints_need_the_key(client):
    assert client.put("/books/4/stock/2").status_code == 403
    assert client.delete("/books/4", headers={"X-Staff-Key": "guess"}).status_code == 403


def test_filter_and_sort_books(client):
    titles = [b["title"] for b in client.get("/books?author=1&sort=title").get_json()]
    assert titles == ["A Wizard of Earthsea", "The Dispossessed"]
    assert client.get("/books?sort=colour").status_code == 400


def test_create_book(client):
    response = client.post(
        "/books",
        json={"title": "Poems", "author_id": 3, "year": 1957, "stock": 2},
        headers=STAFF,
    )
    assert response.status_code == 201
    assert response.headers["Location"] == "/books/5"
    assert response.get_json()["price"] == 10.0
    assert client.post("/books", json={"title": "x", "author_id": 9, "year": 1}, headers=STAFF).status_code == 422


def test_copy_book_sets_location(client):
    response = client.post("/books/copy/1")
    assert response.status_code == 201
    assert response.headers["Location"] == "/books/5"
    assert client.get("/books/5").get_json()["title"] == "A Wizard of Earthsea"


def test_delete_book(client):
    assert client.delete("/books/4", headers=STAFF).status_code == 204
    assert client.get("/books/4").status_code == 404


def test_authors(client):
    assert len(client.get("/authors").get_json()) == 3
    assert client.get("/authors/2").get_json()["country"] == "NG"
    assert client.get("/authors/7").status_code == 404


def test_author_books(client):
    assert client.get("/authors/1/books").get_json() == [
        "A Wizard of Earthsea",
        "The Dispossessed",
    ]
    assert client.get("/authors/9/books").status_code == 404


def test_authors_by_country(client):
    assert client.get("/authors/country/pl").get_json() == {
        "country": "PL",
        "authors": ["Wisława Szymborska"],
    }


def test_about_page(client):
    assert client.get("/about").data == b"<p>4 books by 3 authors.</p>"
