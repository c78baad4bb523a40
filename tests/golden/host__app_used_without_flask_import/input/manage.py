"""The project's entry point: ``flask --app manage items list``, or a WSGI server."""
import click

from app import create_app

app = create_app()
app.config["TRACKER_NAME"] = "tracker (managed)"


@app.cli.group()
def items():
    """Item commands."""


@items.command("list")
def list_items():
    """Print every item."""
    from app.views import ITEMS

    for name in ITEMS.values():
        click.echo(name)
