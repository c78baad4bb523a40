"""Seat booking for a small theatre: errors are raised with abort()."""
from fastapi import FastAPI, HTTPException

app = FastAPI()

SEATS = {"A1": None, "A2": "ada", "B1": None}


def get_seat_or_404(seat):
    if seat not in SEATS:
        raise HTTPException(status_code=404)
    return SEATS[seat]


@app.get("/seats/{seat}")
def seat(seat: str):
    holder = get_seat_or_404(seat)
    return {"seat": seat, "taken": holder is not None}


@app.post("/seats/{seat}/book/{name}")
def book(seat: str, name: str):
    if get_seat_or_404(seat) is not None:
        raise HTTPException(status_code=409, detail="seat already booked")
    if name == "anonymous":
        raise HTTPException(status_code=403, detail="names are required")
    SEATS[seat] = name
    return {"seat": seat, "holder": name}


@app.get("/seats")
def seats():
    return sorted(SEATS)
