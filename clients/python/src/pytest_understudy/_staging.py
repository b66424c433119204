"""The switch to a real staging deployment, the same as the Java kit's: which target, its URLs, its tokens."""

import base64
import hashlib
import hmac
import json
import time
import uuid
from typing import Any, Dict, Mapping, Optional
from urllib.parse import urlsplit, urlunsplit

from ._http import call
from .errors import UnderstudyError

STAGING_ISSUER = "netra-auth-service"
STAGING_AUDIENCE = "netra-platform"
TEST_AUTH_PATH = "/auth/e2e/test-auth"
DEFAULT_STAGING_USER = "pytest@understudy.test"


def target_kind(option: Optional[str], env: Mapping[str, str], ini: Optional[str]) -> str:
    """'mock' or 'staging': --understudy-target, else CONTRACT_TARGET, else the ini value, else mock."""
    for source, value in (("--understudy-target", option), ("CONTRACT_TARGET", env.get("CONTRACT_TARGET")),
                          ("understudy_target (ini)", ini)):
        if value is not None and value.strip():
            kind = value.strip().lower()
            if kind not in ("mock", "staging"):
                raise UnderstudyError(f"{source} is '{value}'; allowed: 'mock' (the default) or 'staging'")
            return kind
    return "mock"


def user_id_for(user: str) -> str:
    """The sub staging's test-auth gives an email (e2e-<local part>); a plain id is used as it is."""
    return "e2e-" + user.split("@", 1)[0] if "@" in user else user


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def mint_hs256(secret: str, user: str, ttl_seconds: float = 3600, **claims: Any) -> str:
    """An HS256 access token the way staging's auth service writes them, signed with ``secret`` (stdlib only)."""
    now = int(time.time())
    payload: Dict[str, Any] = {
        "sub": user_id_for(user),
        "iat": now,
        "exp": now + int(ttl_seconds),
        "jti": str(uuid.uuid4()),
        "email": user if "@" in user else user + "@understudy.test",
        "permissions": [],
        "type": "access",
        "iss": STAGING_ISSUER,
        "aud": STAGING_AUDIENCE,
    }
    payload.update(claims)
    header = {"alg": "HS256", "typ": "JWT"}
    signing_input = _b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + \
        _b64url(json.dumps(payload, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode("utf-8"), signing_input.encode("ascii"), hashlib.sha256).digest()
    return signing_input + "." + _b64url(signature)


def _http_url(variable: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnderstudyError(f"{variable} is '{value}'; expected an absolute http:// or https:// URL with a host")
    return value.rstrip("/")


class Staging:
    """A staging deployment described by the environment (STAGING_BASE_URL and a token source)."""

    def __init__(self, env: Mapping[str, str]):
        base = env.get("STAGING_BASE_URL", "").strip()
        if not base:
            raise UnderstudyError("STAGING_BASE_URL is not set; staging needs it, e.g. "
                                  "STAGING_BASE_URL=https://api.staging.example.com "
                                  "(or run against the mock: CONTRACT_TARGET=mock)")
        self.http_url = _http_url("STAGING_BASE_URL", base)
        ws = env.get("STAGING_WS_URL", "").strip()
        if ws:
            if urlsplit(ws).scheme not in ("ws", "wss"):
                raise UnderstudyError(f"STAGING_WS_URL is '{ws}'; expected a ws:// or wss:// URL")
            self.ws_url = ws
        else:
            parts = urlsplit(self.http_url)
            scheme = "wss" if parts.scheme == "https" else "ws"
            self.ws_url = urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + "/ws", "", ""))
        auth = env.get("STAGING_AUTH_URL", "").strip()
        self.auth_url = _http_url("STAGING_AUTH_URL", auth) if auth else self.http_url
        self.fixed_token = env.get("STAGING_TEST_JWT_TOKEN", "").strip() or None
        self.bypass_key = env.get("E2E_OAUTH_SIMULATION_KEY", "").strip() or None
        self.secret = env.get("JWT_SECRET_KEY", "").strip() or None
        if not (self.fixed_token or self.bypass_key or self.secret):
            raise UnderstudyError("Staging needs a token source and none is set: set one of STAGING_TEST_JWT_TOKEN "
                                  "(a token used as is), E2E_OAUTH_SIMULATION_KEY (the test-auth bypass key) or "
                                  "JWT_SECRET_KEY (the HS256 secret)")
        self._cache: Dict[str, str] = {}

    def default_token(self) -> str:
        """First match wins: STAGING_TEST_JWT_TOKEN, then test-auth, then a minted token."""
        if self.fixed_token:
            return self.fixed_token
        return self.token_for(DEFAULT_STAGING_USER)

    def token_for(self, user: str, ttl_seconds: Optional[float] = None, **claims: Any) -> str:
        if self.bypass_key:
            if claims or ttl_seconds is not None:
                raise UnderstudyError("token_for: staging's test-auth endpoint (E2E_OAUTH_SIMULATION_KEY) issues its "
                                      "own claims and lifetime; extra claims need JWT_SECRET_KEY")
            return self._test_auth(user)
        if self.secret:
            return mint_hs256(self.secret, user, 3600 if ttl_seconds is None else ttl_seconds, **claims)
        raise UnderstudyError("token_for: only STAGING_TEST_JWT_TOKEN is set, which is one fixed token; tokens for "
                              "other users need E2E_OAUTH_SIMULATION_KEY or JWT_SECRET_KEY")

    def _test_auth(self, user: str) -> str:
        if user in self._cache:
            return self._cache[user]
        email = user if "@" in user else user + "@understudy.test"
        url = self.auth_url + TEST_AUTH_PATH
        try:
            status, body = call("POST", url, {"email": email, "name": "E2E " + email.split("@")[0], "permissions": []},
                                headers={"X-E2E-Bypass-Key": self.bypass_key}, timeout=10)
        except OSError as error:
            raise UnderstudyError(f"POST {url} (test-auth) failed: {error}") from error
        if status != 200 or not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
            raise UnderstudyError(f"POST {url} (test-auth) answered {status} {body!r}; expected 200 with an access_token")
        self._cache[user] = body["access_token"]
        return body["access_token"]
