"""In-memory catalogue data and the queries the views run on it (no web code here)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Author:
    id: int
    name: str
    country: str


@dataclass
class Book:
    id: int
    title: str
    author_id: int
    year: int
    price: float
    stock: int = 0
    reserved_by: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["available"] = self.stock - len(self.reserved_by)
        return data


AUTHORS: dict[int, Author] = {
    1: Author(1, "Ursula K. Le Guin", "US"),
    2: Author(2, "Chinua Achebe", "NG"),
    3: Author(3, "Wisława Szymborska", "PL"),
}

BOOKS: dict[int, Book] = {
    1: Book(1, "A Wizard of Earthsea", 1, 1968, 9.99, stock=3),
    2: Book(2, "The Dispossessed", 1, 1974, 12.50, stock=1),
    3: Book(3, "Things Fall Apart", 2, 1958, 8.75, stock=5),
    4: Book(4, "View with a Grain of Sand", 3, 1995, 14.00, stock=0),
}


def books_by(author_id: int) -> list[Book]:
    return [b for b in BOOKS.values() if b.author_id == author_id]


def books_between(low: float, high: float) -> list[Book]:
    return sorted((b for b in BOOKS.values() if low <= b.price <= high), key=lambda b: b.price)


def search_titles(words: str) -> list[Book]:
    needle = words.lower()
    return [b for b in BOOKS.values() if needle in b.title.lower()]


def next_book_id() -> int:
    return max(BOOKS) + 1
