"""JSON over HTTP with the standard library: all the admin API and test-auth need."""

import json
import urllib.error
import urllib.request
from typing import Any, Dict, Optional, Tuple


def call(method: str, url: str, body: Any = None, headers: Optional[Dict[str, str]] = None,
         timeout: float = 10.0) -> Tuple[int, Any]:
    """Sends one request; returns (status, parsed JSON body or None). HTTP error statuses are returned, not raised."""
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, _parse(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, _parse(error.read())


def _parse(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except ValueError:
        return raw.decode("utf-8", "replace")
