"""An in-memory store, reset whenever an app is created (each test gets a fresh one)."""

from werkzeug.security import generate_password_hash

USERS: dict[str, str] = {}
NOTES: dict[int, dict[str, str]] = {}


def reset() -> None:
    USERS.clear()
    USERS.update(
        {
            "ada": generate_password_hash("lovelace"),
            "alan": generate_password_hash("turing"),
        }
    )
    NOTES.clear()
    NOTES.update(
        {
            1: {"owner": "ada", "title": "Engines", "body": "The analytical engine weaves."},
            2: {"owner": "ada", "title": "Notes", "body": "Note G computes Bernoulli numbers."},
            3: {"owner": "alan", "title": "Machines", "body": "Can machines think?"},
        }
    )


def notes_of(user: str) -> list[tuple[int, dict[str, str]]]:
    return [(key, note) for key, note in sorted(NOTES.items()) if note["owner"] == user]


def add_note(user: str, title: str, body: str) -> int:
    new_id = max(NOTES, default=0) + 1
    NOTES[new_id] = {"owner": user, "title": title, "body": body}
    return new_id
