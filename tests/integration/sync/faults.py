"""A fault-injecting HTTP proxy between a desk and the city server, on loopback.

Each request that passes through gets the next action of the plan:

- ``pass`` — forwarded, answer returned;
- ``drop_request`` — the request never reaches the server, the desk's connection is closed;
- ``cut_request`` — the server gets the head and part of the body, then the connection dies;
- ``drop_response`` — the server handles it, the desk never hears the answer;
- ``cut_response`` — the desk gets part of the answer, then the connection dies;
- ``duplicate`` — the server gets the request twice (the desk sees the first answer);
- ``replay`` — forwarded now, and a copy is delivered again later, after newer requests
  (reordering: a stale request arriving late);
- ``delay`` — held briefly before forwarding; ``stall`` — held past the desk's read timeout,
  so the desk retries while the original is still on its way (and arrives after the retry).

Connections are one request each (``Connection: close`` both ways), so every request is a
fresh TCP connection the proxy fully controls. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
import time
from collections.abc import Sequence

ACTIONS = (
    "pass",
    "drop_request",
    "cut_request",
    "drop_response",
    "cut_response",
    "duplicate",
    "replay",
    "delay",
    "stall",
)


def _recv_until(sock: socket.socket, marker: bytes, limit: int = 1 << 20) -> bytes:
    data = b""
    while marker not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) > limit:
            break
    return data


def _read_request(sock: socket.socket) -> bytes | None:
    data = _recv_until(sock, b"\r\n\r\n")
    if b"\r\n\r\n" not in data:
        return None
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    return _close_header(head) + b"\r\n\r\n" + body


def _close_header(head: bytes) -> bytes:
    lines = [
        ln
        for ln in head.split(b"\r\n")
        if not ln.lower().startswith((b"connection:", b"keep-alive:"))
    ]
    return b"\r\n".join([*lines, b"Connection: close"])


def _with_close(response: bytes) -> bytes:
    head, sep, body = response.partition(b"\r\n\r\n")
    return _close_header(head) + sep + body if sep else response


class FaultProxy:
    """``start()`` returns the proxy's URL; ``plan`` is consumed one action per request."""

    def __init__(self, upstream_port: int, *, stall_seconds: float = 0.0, seed: int = 0) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.stall_seconds = stall_seconds
        self.rng = random.Random(seed)
        self._plan: list[str] = []
        self._lock = threading.Lock()
        self._replays: list[bytes] = []
        self._threads: list[threading.Thread] = []
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self._stopped = threading.Event()
        self.seen: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        t = threading.Thread(target=self._accept, daemon=True, name="fault-proxy")
        t.start()
        return self

    def set_plan(self, actions: Sequence[str]) -> None:
        with self._lock:
            self._plan = list(actions)

    def _next_action(self) -> str:
        with self._lock:
            action = self._plan.pop(0) if self._plan else "pass"
            self.seen.append(action)
            return action

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            t = threading.Thread(target=self._handle, args=(client,), daemon=True)
            with self._lock:
                self._threads = [x for x in self._threads if x.is_alive()] + [t]
            t.start()

    def _forward(self, request: bytes) -> bytes:
        with socket.create_connection(self.upstream, timeout=30) as up:
            up.sendall(request)
            chunks = []
            while True:
                chunk = up.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks)

    def _replay_due(self) -> None:
        """Deliver stashed copies now and then, so they land among newer requests."""
        with self._lock:
            due = self._replays if self.rng.random() < 0.5 else []
            if due:
                self._replays = []
        for req in due:
            with contextlib.suppress(OSError):
                self._forward(req)

    def _handle(self, client: socket.socket) -> None:
        try:
            client.settimeout(30)
            request = _read_request(client)
            if request is None:
                return
            action = self._next_action()
            if action == "drop_request":
                return
            if action == "cut_request":
                head, _, body = request.partition(b"\r\n\r\n")
                part = head + b"\r\n\r\n" + body[: self.rng.randint(0, max(0, len(body) - 1))]
                try:
                    with socket.create_connection(self.upstream, timeout=30) as up:
                        up.sendall(part)
                        up.shutdown(socket.SHUT_WR)
                        up.recv(65536)
                except OSError:
                    pass
                return
            if action == "delay":
                time.sleep(self.rng.uniform(0.001, 0.05))
            elif action == "stall":
                time.sleep(self.stall_seconds)
            self._replay_due()
            response = self._forward(request)
            if action == "duplicate":
                self._forward(request)
            elif action == "replay":
                with self._lock:
                    self._replays.append(request)
            if action == "drop_response":
                return
            response = _with_close(response)
            if action == "cut_response":
                response = response[: self.rng.randint(1, max(1, len(response) - 1))]
            client.sendall(response)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                client.close()

    def flush(self) -> None:
        """Deliver every stashed replay and wait for requests still in flight."""
        deadline = time.monotonic() + 30
        while True:
            with self._lock:
                busy = [t for t in self._threads if t.is_alive()]
            if not busy or time.monotonic() > deadline:
                break
            time.sleep(0.01)
        with self._lock:
            due, self._replays = self._replays, []
        for req in due:
            with contextlib.suppress(OSError):
                self._forward(req)

    def stop(self) -> None:
        self._stopped.set()
        self._sock.close()
