"""Comments survive the conversion: above a statement it removes, at the end of a removed
line, and inside a decorator call it rewrites; a second run changes nothing."""

from __future__ import annotations

import textwrap
from pathlib import Path

from flask2fastapi.runner import run, write_results


def convert_twice(tmp_path: Path, source: str) -> str:
    (tmp_path / "app.py").write_text(textwrap.dedent(source))
    write_results(run([tmp_path], jobs=1))
    first = (tmp_path / "app.py").read_text()
    again = run([tmp_path], jobs=1)
    assert not any(r.changed for r in again.results), "a second run changed the output"
    return first


def test_comments_of_a_removed_statement_move_to_the_next_one(tmp_path: Path) -> None:
    text = convert_twice(
        tmp_path,
        """\
        from flask import Flask, request
        app = Flask(__name__)


        @app.route("/m")
        def m():
            # SECURITY: the token is compared in constant time below
            token = request.args.get("token")  # the caller's token
            return token or ""
        """,
    )
    assert "def m(*, token: Optional[str] = None):" in text
    assert (
        textwrap.indent(
            "# SECURITY: the token is compared in constant time below\n"
            "# the caller's token\n"
            'return token or ""\n',
            "    ",
        )
        in text
    )


def test_a_type_comment_is_kept_as_a_plain_comment(tmp_path: Path) -> None:
    text = convert_twice(
        tmp_path,
        """\
        from flask import Flask, request
        app = Flask(__name__)


        @app.route("/m")
        def m():
            token = request.args.get("token")  # type: str
            return token or ""
        """,
    )
    # where it was it annotated ``token``; above another line it would annotate that one
    assert "    # (type comment of a line the conversion removed: str)\n" in text
    assert "# type:" not in text


def test_comments_of_a_removed_last_statement_stay_in_its_block(tmp_path: Path) -> None:
    text = convert_twice(
        tmp_path,
        """\
        from flask import Flask, request
        app = Flask(__name__)


        @app.route("/m")
        def m():
            if True:
                return "x"
            # unreachable, kept for the audit
            token = request.args.get("token")
        """,
    )
    assert "    # unreachable, kept for the audit\n" in text


def test_comments_inside_a_rewritten_decorator(tmp_path: Path) -> None:
    text = convert_twice(
        tmp_path,
        """\
        from flask import Flask
        app = Flask(__name__)


        @app.route(
            "/d",  # the path
            methods=["GET"],  # only reads
        )
        def d():
            return "d"
        """,
    )
    assert "# only reads\n@app.get(\n" in text
    assert '"/d",  # the path' in text


def test_two_todos_of_one_code_on_one_statement_are_two_findings() -> None:
    from flask2fastapi.index import ProjectIndex
    from flask2fastapi.rules.base import FileContext, place_findings

    code = (
        "def view():\n"
        "    # TODO(flask2fastapi): F2F404 `request.one` has no direct equivalent.\n"
        "    # TODO(flask2fastapi): F2F404 `request.two` has no direct equivalent.\n"
        "    return 1\n"
    )
    ctx = FileContext(rel_path="app.py", module="app", index=ProjectIndex())
    _, findings = place_findings(code, ctx)
    assert [(f.code, f.line) for f in findings] == [("F2F404", 4), ("F2F404", 4)]


def test_a_stray_cr_on_the_first_line_stays_and_new_lines_end_like_the_rest(
    tmp_path: Path,
) -> None:
    source = (
        b"# -*- coding: utf-8 -*-\rfrom flask import Flask, request\n\napp = Flask(__name__)\n"
        b'\n\n@app.route("/")\ndef index():\n    return request.args.get("q", "")\n'
    )
    (tmp_path / "app.py").write_bytes(source)
    write_results(run([tmp_path], jobs=1))
    first = (tmp_path / "app.py").read_bytes()
    assert first.startswith(b"# -*- coding: utf-8 -*-\r") and first.count(b"\r") == 1
    again = run([tmp_path], jobs=1)
    assert not any(r.changed for r in again.results)
