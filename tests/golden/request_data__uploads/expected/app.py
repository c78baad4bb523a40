"""An upload service: files arrive in multipart forms."""
import os

import pathlib
from fastapi import FastAPI, File, Form, UploadFile
from fastapi.responses import JSONResponse
from typing import List, Optional

app = FastAPI()
UPLOAD_DIR = os.path.join(os.path.dirname(__file__), "uploads")


# TODO(flask2fastapi): F2F402 `document` is required: a request without it gets a 422 where Flask answered 400.
@app.post("/upload")
def upload(*, f: UploadFile = File(alias="document")):
    content = f.file.read()
    return {"name": f.filename, "size": len(content), "type": f.content_type}


@app.post("/avatar")
def avatar(*, picture: Optional[UploadFile] = None, caption: str = Form("")):
    if picture is None:
        return JSONResponse({"error": "no picture"}, status_code=400)
    pathlib.Path(os.path.join(UPLOAD_DIR, "avatar.bin")).write_bytes(picture.file.read())
    with open(os.path.join(UPLOAD_DIR, "avatar.bin"), "rb") as saved:
        return {"saved": len(saved.read()), "caption": caption}


@app.post("/batch")
def batch(*, files: List[UploadFile] = File([], alias="item")):
    return sorted(f.filename for f in files)
