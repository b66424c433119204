"""Finds Java and the standalone jar, starts it on free ports and waits for its ready file."""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence

from .errors import UnderstudyError

JAR_IN_CHECKOUT = Path("mock-backend") / "target" / "understudy-mock.jar"
BUILD_HINT = "build it in the understudy checkout with: mvn -B -q -DskipTests package"
LAST_LINES = 20


def find_java(env: Mapping[str, str]) -> str:
    """`java` on PATH, else $JAVA_HOME/bin/java; the error says Java is missing and what it is needed for."""
    found = shutil.which("java", path=env.get("PATH"))
    if found:
        return found
    home = env.get("JAVA_HOME")
    if home:
        candidate = Path(home) / "bin" / ("java.exe" if os.name == "nt" else "java")
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise UnderstudyError("Java is missing: no `java` on PATH" + (f" nor in JAVA_HOME ({home})" if home else
                          " and JAVA_HOME is not set") + ". The understudy mock server is a Java 17+ program: "
                          "install a Java 17+ runtime (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME.")


def find_jar(option: Optional[str], env: Mapping[str, str], ini: Optional[str], starts: Iterable[Path]) -> Path:
    """--understudy-jar, else UNDERSTUDY_JAR, else understudy_jar (ini), else a built jar next to a checkout."""
    for source, value in (("--understudy-jar", option), ("UNDERSTUDY_JAR", env.get("UNDERSTUDY_JAR")),
                          ("understudy_jar (ini)", ini)):
        if value:
            path = Path(value).expanduser()
            if not path.is_file():
                raise UnderstudyError(f"{source} is '{value}', but there is no file there; {BUILD_HINT}, "
                                      f"then point {source} at {JAR_IN_CHECKOUT}")
            return path.resolve()
    looked: List[str] = []
    for start in starts:
        for directory in [start.resolve(), *start.resolve().parents]:
            candidate = directory / JAR_IN_CHECKOUT
            if candidate.is_file():
                return candidate
            looked.append(str(candidate))
    raise UnderstudyError("Found no understudy-mock.jar: pass --understudy-jar PATH or set UNDERSTUDY_JAR, or "
                          f"{BUILD_HINT} (looked for {JAR_IN_CHECKOUT} in {len(looked)} places from "
                          f"{', '.join(str(s) for s in starts)} up)")


def tail(path: Path, lines: int = LAST_LINES) -> str:
    try:
        text = path.read_text("utf-8", "replace")
    except OSError:
        return "(no output)"
    kept = text.splitlines()[-lines:]
    return "\n".join("    " + line for line in kept) if kept else "    (no output)"


class ServerProcess:
    """One standalone server: its process, its log and what its ready file said."""

    def __init__(self, process: subprocess.Popen, log: Path, ready: Dict[str, object], command: Sequence[str],
                 startup_seconds: float):
        self.process = process
        self.log = log
        self.ready = ready
        self.command = list(command)
        self.startup_seconds = startup_seconds

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM (open sockets get 1001), then a kill if it does not end within ``timeout``."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)


def start(java: str, jar: Path, flags: Sequence[str], workdir: Path, timeout: float,
          poll_interval: float = 0.01) -> ServerProcess:
    """Starts the jar on free ports and returns once its ready file is there, or raises saying why not."""
    began = time.monotonic()
    ready_file = workdir / "ready.json"
    log = workdir / "server.log"
    command = [java]
    archive = jar.with_suffix(".jsa")
    if archive.is_file():
        command += ["-XX:SharedArchiveFile=" + str(archive), "-Xshare:auto"]  # a faster start; ignored if stale
    command += ["-jar", str(jar), "--port", "0", "--admin-port", "0", "--ready-file", str(ready_file), *flags]
    with open(log, "wb") as out:
        try:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                       cwd=str(workdir))
        except OSError as error:
            raise UnderstudyError(f"Could not run {java}: {error}") from error
    try:
        return _await_ready(process, ready_file, log, command, began, timeout, poll_interval)
    except BaseException:  # not ready, or Ctrl-C while waiting: leave no server behind
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        raise


def _await_ready(process: subprocess.Popen, ready_file: Path, log: Path, command: List[str], began: float,
                 timeout: float, poll_interval: float) -> ServerProcess:
    deadline = began + timeout
    while True:
        if ready_file.is_file():
            ready = json.loads(ready_file.read_text("utf-8"))  # written whole, by a rename
            return ServerProcess(process, log, ready, command, time.monotonic() - began)
        code = process.poll()
        if code is not None:
            raise UnderstudyError(f"The understudy server exited with code {code} before it was ready.\n"
                                  f"  command: {' '.join(command)}\n  its last output lines ({log}):\n{tail(log)}")
        left = deadline - time.monotonic()
        if left <= 0:
            raise UnderstudyError(f"The understudy server was not ready within {timeout:g} s (no ready file), so "
                                  f"it was stopped.\n  command: {' '.join(command)}\n"
                                  f"  its last output lines ({log}):\n{tail(log)}")
        try:
            process.wait(timeout=min(poll_interval, left))  # returns at once if it exits
        except subprocess.TimeoutExpired:
            pass
