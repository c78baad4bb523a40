from flask import Flask


def create_app():
    app = Flask(__name__)
    app.secret_key = "pages-dev-key"

    @app.context_processor
    def inject_site():
        return {"site_name": "Journal"}

    @app.template_filter("shout")
    def shout(text):
        return text.upper() + "!"

    app.jinja_env.globals["year"] = 2026

    from journal.auth import auth
    from journal.pages import pages

    app.register_blueprint(pages)
    app.register_blueprint(auth, url_prefix="/auth")
    return app
