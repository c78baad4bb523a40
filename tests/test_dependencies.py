"""pyproject.toml dependencies of the converted project: flask replaced where it stands."""

from __future__ import annotations

from pathlib import Path

import pytest

from flask2fastapi.requirements import update, update_pyproject
from tests.test_cli import APP, invoke, make_project

CASES = [
    (
        "one item per line, other tables mentioning flask untouched",
        '[tool.flask2fastapi]\nexclude = ["flask"]\n\n[project]\nname = "svc"\n'
        'dependencies = [\n    "Flask>=2.3",  # web\n    "requests",\n]\n',
        '[tool.flask2fastapi]\nexclude = ["flask"]\n\n[project]\nname = "svc"\n'
        'dependencies = [\n    "fastapi",\n    "uvicorn",\n    "jinja2",  # web\n'
        '    "requests",\n]\n',
    ),
    (
        "inline array, single quotes, extras, a flask extension kept",
        "[project]\nname = 'svc'\ndependencies = ['flask[async]==3.0.0', 'flask-cors']\n",
        "[project]\nname = 'svc'\ndependencies = ['fastapi', 'uvicorn', 'jinja2', 'flask-cors']\n",
    ),
    (
        "last item without a trailing comma",
        '[project]\nname = "svc"\ndependencies = [\n  "requests",\n  "flask"\n]\n',
        '[project]\nname = "svc"\ndependencies = [\n  "requests",\n  "fastapi",\n'
        '  "uvicorn",\n  "jinja2"\n]\n',
    ),
    (
        "optional dependencies keep their marker",
        '[project]\nname = "svc"\ndependencies = []\n\n[project.optional-dependencies]\n'
        "web = [\"flask; python_version>'3.8'\"]\n",
        '[project]\nname = "svc"\ndependencies = []\n\n[project.optional-dependencies]\n'
        "web = [\"fastapi; python_version>'3.8'\", \"uvicorn; python_version>'3.8'\", "
        "\"jinja2; python_version>'3.8'\"]\n",
    ),
    (
        "poetry",
        '[tool.poetry.dependencies]\npython = "^3.11"\nFlask = {version = "^3.0"}\n'
        'flask-cors = "*"\n',
        '[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "*"\nuvicorn = "*"\n'
        'jinja2 = "*"\nflask-cors = "*"\n',
    ),
    (
        "windows newlines",
        '[project]\r\nname = "svc"\r\ndependencies = [\r\n    "flask",\r\n]\r\n',
        '[project]\r\nname = "svc"\r\ndependencies = [\r\n    "fastapi",\r\n    "uvicorn",\r\n'
        '    "jinja2",\r\n]\r\n',
    ),
]


@pytest.mark.parametrize(("name", "before", "after"), CASES, ids=[c[0] for c in CASES])
def test_pyproject_dependencies(name: str, before: str, after: str) -> None:
    new, added = update_pyproject(before, {"jinja2"})
    assert new == after
    assert added == ["fastapi", "uvicorn", "jinja2"]
    assert update_pyproject(new, {"jinja2"}) == (new, []), "a second run changes nothing"


@pytest.mark.parametrize(
    "text",
    [
        '[project]\nname = "svc"\ndependencies = ["requests"]\n',  # no flask
        '[project]\nname = "svc"\ndependencies = ["flask", "fastapi"]\n',  # done by hand
        '[project\nname = "svc"\n',  # not TOML: never touched
        '[project]\nname = "svc"\ndependencies = ["flask-login"]\n',
    ],
)
def test_pyproject_left_alone(text: str) -> None:
    assert update_pyproject(text, set()) == (text, [])


def test_convert_updates_pyproject(tmp_path: Path) -> None:
    pyproject = '[project]\nname = "svc"\ndependencies = [\n    "flask>=3",\n]\n'
    project = make_project(tmp_path, {"app.py": APP, "pyproject.toml": pyproject})
    code, _, err = invoke("convert", project)
    assert code == 0, err
    text = (project / "pyproject.toml").read_text()
    assert text == '[project]\nname = "svc"\ndependencies = [\n    "fastapi",\n    "uvicorn",\n]\n'
    assert invoke("convert", project)[0] == 0
    assert (project / "pyproject.toml").read_text() == text


def test_flask_stays_while_the_flask_host_is_used() -> None:
    text, added = update("flask==2.3.3\nrequests\n", {"jinja2"}, keep_flask=True)
    assert text == "flask==2.3.3\nfastapi\nuvicorn\njinja2\nrequests\n"
    assert added == ["fastapi", "uvicorn", "jinja2"]
    assert update(text, {"jinja2"}, keep_flask=True) == (text, [])  # converted already
    pyproject = '[project]\nname = "x"\ndependencies = ["flask>=2 ; python_version>\'3.8\'", "b"]\n'
    new, _ = update_pyproject(pyproject, set(), keep_flask=True)
    assert (
        "dependencies = [\"flask>=2 ; python_version>'3.8'\", \"fastapi; python_version>'3.8'\", "
        '"uvicorn; python_version>\'3.8\'", "b"]'
    ) in new
    poetry = '[tool.poetry.dependencies]\npython = "^3.9"\nFlask = "^2.0"\n'
    new, _ = update_pyproject(poetry, set(), keep_flask=True)
    assert 'Flask = "^2.0"\nfastapi = "*"\nuvicorn = "*"' in new


def test_converted_tests_get_the_test_client_s_http_client() -> None:
    from flask2fastapi.requirements import add_test_client

    text, added = add_test_client("pytest==8.0\ncoverage\n")
    assert text == (
        'pytest==8.0\nhttpx2; python_version >= "3.11"\nhttpx; python_version < "3.11"\ncoverage\n'
    )
    assert len(added) == 2
    assert add_test_client(text) == (text, [])
    assert add_test_client("requests\n") == ("requests\n", [])


def test_a_secret_key_brings_itsdangerous(tmp_path: Path) -> None:
    # the session middleware of web_compat signs with itsdangerous (Flask brought it before)
    source = (
        "from flask import Flask, session\napp = Flask(__name__)\napp.secret_key = 'k'\n"
        "@app.route('/')\ndef index():\n    return {'user': session.get('user')}\n"
    )
    project = make_project(tmp_path, {"app.py": source, "requirements.txt": "flask\n"})
    code, _, err = invoke("convert", project)
    assert code == 0, err
    assert "web_compat.SessionMiddleware" in (project / "app.py").read_text()
    assert "itsdangerous" in (project / "requirements.txt").read_text().splitlines()
