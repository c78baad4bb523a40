"""Class-based views: what is converted, and what is left and reported."""

from __future__ import annotations

from pathlib import Path

from tests.test_rules import convert


def test_decorators_that_are_not_a_literal_list_leave_the_registration(tmp_path: Path) -> None:
    text, codes = convert(
        tmp_path,
        """\
        from flask import Flask
        from flask.views import MethodView

        app = Flask(__name__)
        CHECKS = []


        class Thing(MethodView):
            decorators = CHECKS

            def get(self):
                return "thing"


        app.add_url_rule("/thing", view_func=Thing.as_view("thing"))
        """,
    )
    assert 'app.add_url_rule("/thing", view_func=Thing.as_view("thing"))' in text
    assert "F2F209" in codes and "F2F001" in codes
    assert "class Thing(MethodView):" in text and "F2F213" not in codes


def test_an_unregistered_view_class_keeps_its_base(tmp_path: Path) -> None:
    text, codes = convert(
        tmp_path,
        """\
        from flask import Flask
        from flask.views import MethodView

        app = Flask(__name__)


        class Unused(MethodView):
            def get(self):
                return "unused"
        """,
    )
    assert "class Unused(MethodView):" in text
    assert "F2F001" in codes and "F2F213" not in codes


def test_methods_outside_the_class_methods_are_refused(tmp_path: Path) -> None:
    text, codes = convert(
        tmp_path,
        """\
        from flask import Flask
        from flask.views import MethodView

        app = Flask(__name__)


        class Thing(MethodView):
            def get(self):
                return "thing"


        app.add_url_rule("/thing", view_func=Thing.as_view("thing"), methods=["POST"])
        """,
    )
    assert "F2F209" in codes
    assert 'methods=["POST"])' in text


def test_view_with_other_bases_keeps_them(tmp_path: Path) -> None:
    text, _ = convert(
        tmp_path,
        """\
        from flask import Flask
        from flask.views import MethodView

        app = Flask(__name__)


        class Mixin:
            greeting = "hi"


        class Thing(Mixin, MethodView):
            def get(self):
                return self.greeting


        app.add_url_rule("/thing", view_func=Thing.as_view("thing"))
        """,
    )
    assert "class Thing(Mixin):" in text
    assert 'app.add_api_route("/thing", thing_view.get, response_class=HTMLResponse' in text or (
        "thing_view.get" in text
    )


def test_reqparse_calls_are_reported_with_their_arguments(tmp_path: Path) -> None:
    text, codes = convert(
        tmp_path,
        """\
        from flask import Flask
        from flask_restful import Api, Resource, reqparse

        app = Flask(__name__)
        api = Api(app)
        parser = reqparse.RequestParser()
        parser.add_argument("task", required=True)
        parser.add_argument("rate", type=int)


        class Todo(Resource):
            def post(self):
                args = parser.parse_args()
                return {"task": args["task"]}, 201


        api.add_resource(Todo, "/todos")
        """,
    )
    assert codes.count("F2F806") == 1
    assert "Its arguments: task, rate." in text
    assert 'app.add_api_route("/todos", todo_view.post, methods=["POST"], name="todo")' in text
