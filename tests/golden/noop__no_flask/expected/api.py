from fastapi import FastAPI

from shop.greeting import GREETING
from shop.models import Product
from shop.pricing import total

app = FastAPI()
CATALOGUE = [Product("tea", 350), Product("cake", 425)]


@app.get("/total")
def get_total():
    return {"total_cents": total(CATALOGUE)}


@app.get("/greeting")
def greeting():
    return {"greeting": GREETING}
