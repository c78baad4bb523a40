from fastapi import Response
from fastapi.responses import JSONResponse

ORDERS = {7: "open", 8: "shipped"}


class OrderAPI:
    """One order: read it, or cancel it."""

    def get(self, order_id: int, *, verbose: str = "no"):
        if order_id not in ORDERS:
            return JSONResponse({"error": "no such order"}, status_code=404)
        return {"order": order_id, "state": ORDERS[order_id], "verbose": verbose}

    def delete(self, order_id: int):
        ORDERS.pop(order_id, None)
        return Response(status_code=204)


class OrderCount:
    def get(self):
        return {"count": len(ORDERS)}
