# web_compat.py as flask2fastapi writes it, with
# loader=jinja2.FileSystemLoader([ROOT / "templates"]),
