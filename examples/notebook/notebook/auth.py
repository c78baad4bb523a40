"""Logging in and out, and the ``login_required`` decorator the notes views use."""

import functools
from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.security import check_password_hash

from notebook import data

auth = Blueprint("auth", __name__)


def login_required(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
    """Send visitors to the login page, and back here once they are in."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if "user" not in session:
            return redirect(url_for("auth.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped


@auth.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if request.method == "POST":
        username = request.form.get("username", "")
        password = request.form.get("password", "")
        hashed = data.USERS.get(username)
        if hashed is not None and check_password_hash(hashed, password):
            session["user"] = username
            flash(f"Welcome back, {username}!", "success")
            return redirect(url_for("notes.index"))
        flash("Wrong username or password.", "error")
        return render_template("auth/login.html"), 401
    return render_template("auth/login.html")


@auth.route("/logout")
def logout() -> ResponseReturnValue:
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
