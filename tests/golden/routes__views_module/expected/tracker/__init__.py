"""Issue tracker: the app lives here, the views in tracker.views."""
from fastapi import FastAPI

app = FastAPI()

ISSUES = {
    1: {"title": "Crash on start", "state": "open"},
    2: {"title": "Typo in footer", "state": "closed"},
}

from tracker import views  # noqa: E402,F401
