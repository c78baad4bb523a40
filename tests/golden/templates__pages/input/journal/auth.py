from flask import Blueprint, flash, redirect, render_template, request, session, url_for

auth = Blueprint("auth", __name__)
USERS = {"ada": "lovelace"}


@auth.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        name = request.form.get("username", "")
        if USERS.get(name) == request.form.get("password"):
            session["user"] = name
            flash(f"Welcome back, {name}!", "success")
            return redirect(url_for("pages.index"))
        flash("Wrong username or password.", "error")
        return render_template("auth/login.html"), 401
    return render_template("auth/login.html")


@auth.route("/logout")
def logout():
    session.clear()
    return redirect(url_for(".login", next="/"), code=303)
