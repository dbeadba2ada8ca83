"""Open a local HTML file in headless Chromium and record every request it makes, over the DevTools protocol
on a pipe (--remote-debugging-pipe: JSON messages ending in NUL on file descriptors 3 and 4)."""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # an external request would fail fast, never reach a network
    "--remote-debugging-pipe",
)
# What the page shows: the id of each <section> with its visible text length and inline SVG count.
_PAGE_PROBE = """JSON.stringify(Array.from(document.querySelectorAll('section[id]')).map(s => ({
    id: s.id, text: s.innerText.trim().length, svg: s.querySelectorAll('svg').length,
    visible: s.getBoundingClientRect().height > 0})))"""


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageLoad:
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)


class _Pipe:
    def __init__(self, write_fd: int, read_fd: int, deadline: float) -> None:
        self.write_fd, self.read_fd, self.deadline = write_fd, read_fd, deadline
        self.buffer = b""
        self.next_id = 0

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> int:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        return self.next_id

    def receive(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.read_fd], [], [], remaining)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.read_fd, 65536)
            if not chunk:
                raise EOFError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)


def _result(pipe: _Pipe, call_id: int, load: PageLoad, session: str | None) -> dict[str, Any]:
    while True:
        message = pipe.receive()
        _record(message, load, session)
        if message.get("id") == call_id:
            if "error" in message:
                raise RuntimeError(f"DevTools error: {message['error']}")
            return message.get("result", {})


def _record(message: dict[str, Any], load: PageLoad, session: str | None) -> bool:
    """Note requests, failures and errors; True when the page's load event fired."""
    if session is None or message.get("sessionId") != session:
        return False
    method, params = message.get("method"), message.get("params", {})
    if method == "Network.requestWillBeSent":
        load.requests.append(params["request"]["url"])
    elif method == "Network.loadingFailed":
        load.failed.append(f"{params.get('errorText')} ({params.get('requestId')})")
    elif method == "Network.responseReceived" and params["response"].get("status", 200) >= 400:
        load.failed.append(f"HTTP {params['response']['status']} {params['response']['url']}")
    elif method == "Runtime.exceptionThrown":
        load.errors.append(json.dumps(params.get("exceptionDetails", {}))[:300])
    elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
        load.errors.append(params["entry"].get("text", ""))
    return method == "Page.loadEventFired"


def open_page(chromium: str, html: Path, profile_dir: Path, timeout_s: float = 60.0) -> PageLoad:
    """Load `html` as a file:// URL, wait for the load event, probe the sections, close the browser."""
    to_browser_read, to_browser_write = os.pipe()
    from_browser_read, from_browser_write = os.pipe()
    # the child's ends go above 9 so that moving them onto 3 and 4 cannot clobber one another
    for name, fd in (("to", to_browser_read), ("from", from_browser_write)):
        high = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
        os.close(fd)
        if name == "to":
            to_browser_read = high
        else:
            from_browser_write = high
    # the shell moves our pipe ends onto descriptors 3 and 4, where Chromium expects them
    command = (
        f"exec 3<&{to_browser_read} 4>&{from_browser_write} {to_browser_read}<&- {from_browser_write}>&-; "
        'exec "$0" "$@"'
    )
    process = subprocess.Popen(
        ["bash", "-c", command, chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile_dir}", "about:blank"],
        pass_fds=(to_browser_read, from_browser_write),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(to_browser_read)
    os.close(from_browser_write)
    load = PageLoad()
    pipe = _Pipe(to_browser_write, from_browser_read, time.monotonic() + timeout_s)
    try:
        target = _result(pipe, pipe.send("Target.createTarget", {"url": "about:blank"}), load, None)
        attached = _result(
            pipe,
            pipe.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}),
            load,
            None,
        )
        session = attached["sessionId"]
        for domain in ("Network", "Page", "Runtime", "Log"):
            _result(pipe, pipe.send(f"{domain}.enable", session=session), load, session)
        pipe.send("Page.navigate", {"url": html.resolve().as_uri()}, session)
        while not _record(pipe.receive(), load, session):
            pass
        probe = _result(
            pipe,
            pipe.send("Runtime.evaluate", {"expression": _PAGE_PROBE, "returnByValue": True}, session),
            load,
            session,
        )
        load.sections = json.loads(probe["result"]["value"])
        pipe.send("Browser.close")
    finally:
        os.close(to_browser_write)
        os.close(from_browser_read)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return load
