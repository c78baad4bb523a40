from fastapi import FastAPI

import handlers
from handlers import forecast

app = FastAPI()
app.add_api_route("/weather/{name}", handlers.city)
app.add_api_route("/weather/{name}/forecast/{days:int}", forecast)
app.add_api_route("/weather/{name}/banner", handlers.banner)
