"""Orders API."""
import requests
import sentry_sdk
from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from . import settings
from .auth import current_user

sentry_sdk.init(dsn="", traces_sample_rate=1.0)

app = FastAPI(title="orders", debug=True)

app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
)


@app.get("/healthz")
def healthz():
    return {"status": "ok"}


@app.get("/orders/{order_id}")
def get_order(order_id: int, user: str = Depends(current_user)):
    # The pricing service is slow on Mondays; no timeout means a stuck worker.
    price = requests.get(f"http://pricing:9000/price/{order_id}").json()
    return {"id": order_id, "price": price, "requested_by": user}
