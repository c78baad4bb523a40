from flask import Flask

app = Flask(__name__)
app.secret_key = "x"

from pkg import views, other  # noqa
