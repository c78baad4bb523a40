from dataclasses import dataclass


@dataclass
class Product:
    sku: str
    price_cents: int

    @property
    def price(self) -> str:
        return f"{self.price_cents / 100:.2f}"
