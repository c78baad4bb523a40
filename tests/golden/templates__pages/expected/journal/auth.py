from . import web_compat
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

auth = APIRouter(tags=["auth"])
USERS = {"ada": "lovelace"}


@auth.api_route("/login", methods=["GET", "POST"], name="auth.login")
def login(*, request: Request, form: web_compat.FormData = Depends(web_compat.form_data)):
    if request.method == "POST":
        name = form.get("username", "")
        if USERS.get(name) == form.get("password"):
            request.session["user"] = name
            web_compat.flash(request, f"Welcome back, {name}!", "success")
            return RedirectResponse(web_compat.url_for(request, "pages.index"), status_code=302)
        web_compat.flash(request, "Wrong username or password.", "error")
        return web_compat.templates.TemplateResponse(request, "auth/login.html", {}, status_code=401)
    return web_compat.templates.TemplateResponse(request, "auth/login.html", {})


@auth.get("/logout", name="auth.logout")
def logout(*, request: Request):
    request.session.clear()
    return RedirectResponse(web_compat.url_for(request, ".login", next="/"), status_code=303)
