"""Schemathesis hooks for the contract run against a live Amends server (see run.sh).

- NDJSON bodies (POST /v1/feedback/batch): a generated string is sent as it is, a list as one JSON object per line.
- Every call goes with the admin token the server printed; signing out (DELETE /v1/sessions/current) ends the token
  it is made with, so each such call gets a fresh staff member's token instead.
"""
import json
import os

import requests
import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if isinstance(value, (bytes, bytearray)):
        return {"data": bytes(value)}
    if isinstance(value, str):
        return {"data": value.encode("utf-8", "surrogatepass")}
    if isinstance(value, list):
        return {"data": "".join(json.dumps(item) + "\n" for item in value).encode()}
    return {"data": json.dumps(value).encode()}


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    """Every call goes with the admin token, but signing out, which goes with a token of its own."""
    token = os.environ["AMENDS_CONTRACT_ADMIN"]
    if case.operation.method.upper() == "DELETE" and case.operation.path == "/v1/sessions/current":
        made = requests.post(
            os.environ["AMENDS_CONTRACT_URL"] + "/v1/staff",
            json={"name": "Signs out", "role": "frontline"},
            headers={"Authorization": "Bearer " + token},
            timeout=10,
        )
        made.raise_for_status()
        token = made.json()["token"]
    case.headers = {**(case.headers or {}), "Authorization": "Bearer " + token}
