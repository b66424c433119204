"""What the ``understudy`` fixture hands a test: URLs, tokens, and the mock's controls."""

from typing import Any, Dict, List, Optional, Sequence, Union
from urllib.parse import quote

from ._http import call
from ._staging import Staging
from .errors import UnderstudyError

FaultSpec = Union[str, Dict[str, Any], Sequence[Dict[str, Any]]]
_RULE_ONLY_FIELDS = ("id", "chances", "hits", "active", "added")


class Added:
    """Faults already added to the server; as a context manager, removes them again on exit.

    ``understudy.fault(...)`` takes effect at once; ``with understudy.fault(...):`` limits it to the block. Without
    a ``with`` it lasts until the automatic reset after the test.
    """

    def __init__(self, owner: "Understudy", rules: List[Dict[str, Any]]):
        self._owner = owner
        self.rules = rules

    @property
    def ids(self) -> List[str]:
        return [rule["id"] for rule in self.rules]

    def remove(self) -> None:
        """Removes these faults; one that is already spent or gone is no error."""
        for rule_id in self.ids:
            self._owner._admin("DELETE", "/faults/" + quote(rule_id, safe=""), expect=(204, 404))

    def __enter__(self) -> "Added":
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()

    def __repr__(self) -> str:
        return f"Added({self.rules!r})"


class Understudy:
    """The mock server started for this test session, or the staging deployment the environment names.

    ``http_url``, ``ws_url`` and ``token`` are there for both targets; ``admin_url``, ``fault``, ``preset``,
    ``reset``, ``journal`` and ``set_healthy`` need the mock (mark such tests ``@pytest.mark.mock_only("why")``).
    """

    def __init__(self, target: str, http_url: str, ws_url: str, token: str, admin_url: Optional[str] = None,
                 staging: Optional[Staging] = None, ready: Optional[Dict[str, Any]] = None,
                 startup_faults: Sequence[Dict[str, Any]] = (), startup_seconds: Optional[float] = None):
        self.target = target
        self.http_url = http_url
        self.ws_url = ws_url
        self.token = token
        self.admin_url = admin_url
        self.ready = dict(ready or {})
        self.startup_seconds = startup_seconds
        self._staging = staging
        self._startup_faults = [dict(f) for f in startup_faults]

    @property
    def is_mock(self) -> bool:
        return self.target == "mock"

    @property
    def pid(self) -> Optional[int]:
        return self.ready.get("pid")

    @property
    def version(self) -> Optional[str]:
        return self.ready.get("version")

    def __repr__(self) -> str:
        return f"Understudy(target={self.target!r}, http_url={self.http_url!r}, ws_url={self.ws_url!r})"

    # tokens ----------------------------------------------------------------------------------------------------

    def token_for(self, user: str, ttl_seconds: Optional[float] = None, **claims: Any) -> str:
        """A valid token for ``user`` (its ``sub``), with extra ``claims`` over the standard ones."""
        if self._staging is not None:
            return self._staging.token_for(user, ttl_seconds, **claims)
        body: Dict[str, Any] = {"user": user}
        if claims:
            body["claims"] = claims
        if ttl_seconds is not None:
            body["ttl_seconds"] = ttl_seconds
        return self._admin("POST", "/tokens", body)["token"]

    # the mock's controls ---------------------------------------------------------------------------------------

    def fault(self, spec: FaultSpec, **fields: Any) -> Added:
        """Adds a fault: ``fault("status", code=503, path="/health")``, a fault object, or a list of them."""
        if isinstance(spec, str):
            body: Any = {"fault": spec, **fields}
        elif isinstance(spec, dict):
            body = {**spec, **fields}
        else:
            if fields:
                raise TypeError("fault(list_of_faults) takes no extra fields; put them into each fault object")
            body = list(spec)
        return Added(self, self._admin("POST", "/faults", body, expect=(201,))["faults"])

    def preset(self, name: str) -> Added:
        """Adds every fault of a preset: local-service-down, welcome-timeout, backend-outage-503, handshake-500,
        deployment-gap, missing-config, lost-critical-event, cold-start, handshake-hang."""
        return Added(self, self._admin("POST", "/presets/" + quote(name, safe=""), expect=(201,))["faults"])

    def faults(self) -> List[Dict[str, Any]]:
        """Every rule the server holds (active, then recently spent)."""
        return self._admin("GET", "/faults")["faults"]

    def reset(self) -> int:
        """Back to how the session started the server: its start-up faults only, healthy, an empty journal.

        Done after every test that uses the fixture. Returns how many faults were removed.
        """
        removed = self._admin("POST", "/reset")["faults_removed"]
        if self._startup_faults:
            self._admin("POST", "/faults", self._startup_faults, expect=(201,))
        return removed

    def journal(self, user: Optional[str] = None) -> List[Dict[str, Any]]:
        """The connections the server saw (handshake, frames, ending), oldest first; only ``user``'s if given."""
        path = "/journal" + ("?user=" + quote(user, safe="") if user is not None else "")
        connections = self._admin("GET", path)["connections"]
        return [c for c in connections if user is None or c.get("user") == user]

    def set_healthy(self, healthy: bool = True, message: Optional[str] = None) -> None:
        """``set_healthy(False, "db down")`` makes /health and /api/health answer 503 with that message."""
        body: Dict[str, Any] = {"healthy": bool(healthy)}
        if message is not None:
            body["message"] = message
        self._admin("PUT", "/health", body, expect=(204,))

    def _admin(self, method: str, path: str, body: Any = None, expect: Sequence[int] = (200,)) -> Any:
        if self.admin_url is None:
            raise UnderstudyError(f"{method} {path}: the mock's controls are not there against {self.target}; "
                                  "mark the test @pytest.mark.mock_only(\"why\") so it is skipped against staging")
        try:
            status, answer = call(method, self.admin_url + path, body)
        except OSError as error:
            raise UnderstudyError(f"{method} {self.admin_url}{path}: the understudy admin API did not answer "
                                  f"({error}); did the server stop?") from error
        if status not in expect:
            detail = answer.get("detail", answer) if isinstance(answer, dict) else answer
            raise UnderstudyError(f"{method} {path} answered {status}: {detail}")
        return answer


def startup_specs(rules: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The fault objects of rules as the server lists them, ready to be added again."""
    return [{k: v for k, v in rule.items() if k not in _RULE_ONLY_FIELDS} for rule in rules if rule.get("active")]
