def total(products):
    """Sum of prices in cents."""
    return sum(p.price_cents for p in products)
