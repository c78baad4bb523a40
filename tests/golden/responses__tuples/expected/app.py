"""A parcel tracker that answers with status codes and headers."""
from http import HTTPStatus

from fastapi import FastAPI, Response
from fastapi.responses import HTMLResponse, JSONResponse

app = FastAPI()

PARCELS = {"AB1": "in transit", "CD2": "delivered"}


@app.post("/parcels", status_code=201)
def create():
    PARCELS["EF3"] = "registered"
    return {"id": "EF3"}


@app.get("/parcels/{code}")
def status(code: str):
    if code not in PARCELS:
        return JSONResponse({"error": "unknown parcel"}, status_code=404)
    return JSONResponse({"code": code, "status": PARCELS[code]}, status_code=200, headers={"X-Parcel": code})


@app.get("/parcels")
def parcels():
    return JSONResponse(sorted(PARCELS), headers={"X-Total-Count": str(len(PARCELS))})


@app.get("/parcels/{code}/label")
def label(code: str):
    return HTMLResponse(f"LABEL {code}", status_code=HTTPStatus.ACCEPTED)


@app.get("/parcels/{code}/ping")
def ping(code: str):
    if code == "AB1":
        return HTMLResponse("pong", status_code=200, headers=dict([("X-Ping", "1")]))
    if code == "CD2":
        return JSONResponse({"pong": True}, headers={"X-Ping": "2"})
    return Response(status_code=204)
