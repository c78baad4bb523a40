from fastapi import APIRouter
from fastapi.responses import HTMLResponse

pages = APIRouter(tags=["pages"])


@pages.get("/about", name="pages.about", response_class=HTMLResponse)
def about():
    return "<p>A small shop</p>"


@pages.get("/contact", name="pages.contact_us", response_class=HTMLResponse)
def contact():
    return "<p>shop@example.org</p>"
