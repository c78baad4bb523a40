from . import web_compat
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from pathlib import Path


def create_app():
    app = FastAPI()
    app.mount("/static", StaticFiles(directory=Path(__file__).resolve().parent / "static"), name="static")
    # TODO(flask2fastapi): F2F106 The secret key now configures web_compat.SessionMiddleware (request.session), with Flask's default cookie settings (HttpOnly, Path=/, no SameSite; a browser-session cookie unless the session is permanent, then 31 days): session cookies Flask signed are not valid any more, so users are logged out once.
    app.add_middleware(web_compat.SessionMiddleware, secret_key="pages-dev-key")

    def inject_site():
        return {"site_name": "Journal"}

    web_compat.templates.context_processors.append(lambda request: inject_site())

    def shout(text):
        return text.upper() + "!"

    web_compat.templates.env.filters["shout"] = shout

    web_compat.templates.env.globals["year"] = 2026

    from journal.auth import auth
    from journal.pages import pages

    app.include_router(pages)
    app.include_router(auth, prefix="/auth")
    return app
