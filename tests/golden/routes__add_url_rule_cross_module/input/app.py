from flask import Flask

import handlers
from handlers import forecast

app = Flask(__name__)
app.add_url_rule("/weather/<name>", "city", handlers.city)
app.add_url_rule("/weather/<name>/forecast/<int:days>", view_func=forecast)
app.add_url_rule("/weather/<name>/banner", "banner", handlers.banner)
