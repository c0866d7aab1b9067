"""The server's loop: one :class:`Server` holds the connections still sending
their request and the children at work for clients, and :meth:`Server.step`
answers whatever has happened since the last step.

Requests are read as their bytes arrive, so a client that connects and says
nothing holds up nobody; it is dropped after :data:`REQUEST_WITHIN` seconds.
A client that hangs up before its command has ended is gone (killed, or
Ctrl-C'd twice): its command is stopped. The server alone reports exit
statuses, once it has collected the child.
"""

from __future__ import annotations

import os
import selectors
import signal
import socket
import sys
import time
from collections.abc import Callable, Iterable

from pipeline.serve.children import Processes, Run
from pipeline.serve.protocol import HERE, STREAMS, Reader, Request, parse, reply
from pipeline.serve.protocol import peer_is_us as _peer_is_us

REQUEST_WITHIN = 10.0  # seconds a client has to send its whole request
MAX_WAITING = 64  # connections still sending their request; the oldest goes first
_FD_SIZE = 4  # bytes of a file descriptor in SCM_RIGHTS


class _Waiting:
    """A connection still sending its request."""

    def __init__(self, conn: socket.socket, deadline: float) -> None:
        self.conn = conn
        self.deadline = deadline
        self.reader = Reader()
        self.fds: list[int] = []


class _Child:
    """A command at work for a client; ``conn`` is None once the client has gone."""

    def __init__(self, pid: int, conn: socket.socket, command: str) -> None:
        self.pid = pid
        self.conn: socket.socket | None = conn
        self.command = command


class Server:
    """The server's state, advanced by :meth:`step`: the sockets it listens
    on, connections still sending their request, and the children at work.

    ``processes`` starts, signals and collects children, ``clock`` tells the
    time; tests give both (and ``peer_is_us``) to drive it in-process."""

    def __init__(
        self,
        run: Run,
        log: Callable[[str], None],
        *,
        commands: Iterable[str] = ("validate",),
        idle: float | None = None,
        package: str = HERE,
        processes: Processes | None = None,
        clock: Callable[[], float] = time.monotonic,
        peer_is_us: Callable[[socket.socket], bool] = _peer_is_us,
    ) -> None:
        self.run = run
        self.log = log
        self.commands = tuple(commands)
        self._served = [[command] for command in self.commands]  # argv[1:2] of a served run
        self.idle = idle
        self.package = package
        self.processes = processes or Processes()
        self.clock = clock
        self.peer_is_us = peer_is_us
        self.stamp = code_stamp(package)
        self.waiting: dict[socket.socket, _Waiting] = {}
        self.children: dict[int, _Child] = {}
        self.verdict: str | None = None  # why the server stops, once it must
        self.last = clock()  # the last connection, or the last command's end
        self.selector = selectors.DefaultSelector()

    def listen_on(self, listener: socket.socket) -> None:
        """Take the connections that arrive at ``listener``."""
        listener.setblocking(False)
        self.selector.register(listener, selectors.EVENT_READ, lambda: self._accept(listener))

    def connected(self, conn: socket.socket) -> None:
        """A new connection: its request is read as it arrives."""
        conn.setblocking(False)
        if not self.peer_is_us(conn):
            conn.close()
            return
        if len(self.waiting) >= MAX_WAITING:
            self._drop(next(iter(self.waiting.values())))
        self.last = self.clock()
        waiting = _Waiting(conn, self.last + REQUEST_WITHIN)
        self.waiting[conn] = waiting
        self.selector.register(conn, selectors.EVENT_READ, lambda: self._read(waiting))

    def wake_on(self, fd: int) -> None:
        """Also wake when ``fd`` (the signal wake-up pipe) is readable."""
        self.selector.register(fd, selectors.EVENT_READ, lambda: _drain(fd))

    def stop(self, verdict: str) -> None:
        """Stop at the end of this step (signal handlers call it)."""
        self.verdict = self.verdict or verdict

    def step(self, wait: float | None) -> str | None:
        """Wait up to ``wait`` seconds (None: until something happens), answer
        what has happened; why the server must stop, or None."""
        for key, _events in self.selector.select(wait):
            if self.selector.get_map().get(key.fd) is key:  # not dropped by an earlier event
                key.data()
        self._collect()
        self._expire()
        return self.verdict

    def wait(self) -> float | None:
        """Seconds until the next deadline (a client's request, the idle
        timeout); None if there is none."""
        deadlines = [waiting.deadline for waiting in self.waiting.values()]
        if self.idle and not self.children and not self.waiting:
            deadlines.append(self.last + self.idle)
        return max(0.0, min(deadlines) - self.clock()) if deadlines else None

    def close(self) -> None:
        """Stop the commands still at work (their clients hear their status),
        drop the connections still waiting."""
        for child in self.children.values():
            self.log(f"{child.command} (pid {child.pid}): the server is stopping; stopping it")
            self.processes.signal(child.pid, signal.SIGTERM)
        for pid in list(self.children):
            code = self.processes.collect(pid, block=True)
            self._ended(pid, 1 if code is None else code)
        for waiting in list(self.waiting.values()):
            self._drop(waiting)
        self.selector.close()

    # ------------------------------------------------------------ events

    def _accept(self, listener: socket.socket) -> None:
        try:
            conn, _address = listener.accept()
        except BlockingIOError:  # the client gave up in between
            return
        except OSError as exc:  # out of file descriptors: the oldest waiting one goes
            self.log(f"cannot take a connection: {exc.strerror}")
            if self.waiting:
                self._drop(next(iter(self.waiting.values())))
            return
        self.connected(conn)

    def _read(self, waiting: _Waiting) -> None:
        """Read what has come of a request; answer it once it is whole."""
        try:
            chunk, ancillary, _flags, _address = waiting.conn.recvmsg(
                1 << 16, socket.CMSG_SPACE(STREAMS * _FD_SIZE)
            )
        except BlockingIOError:
            return
        except OSError:
            chunk, ancillary = b"", []
        waiting.fds += _received_fds(ancillary)
        try:
            body = waiting.reader.feed(chunk)
        except ValueError:  # hung up, or sent what this protocol cannot read
            self._drop(waiting)
            return
        if len(waiting.fds) > STREAMS:
            self._drop(waiting)
        elif body is not None:
            self._forget(waiting)
            self._answer(waiting.conn, body, waiting.fds)

    def _answer(self, conn: socket.socket, body: bytes, fds: list[int]) -> None:
        """Answer a whole request; the connection stays open while a child
        works for it."""
        try:
            kept = self._dispatch(conn, body, fds)
        except OSError:  # the client hung up in between
            kept = False
        finally:
            close_all(fds)
        if not kept:
            conn.close()

    def _dispatch(self, conn: socket.socket, body: bytes, fds: list[int]) -> bool:
        verb, request = parse(body)
        if verb == "status":
            conn.send(reply("serving pid", os.getpid()))
        elif verb == "stop":
            conn.send(reply("stopping"))
            self.stop("stop requested")
        elif request is not None and len(fds) == STREAMS:
            return self._start(conn, request, fds)
        return False

    def _start(self, conn: socket.socket, request: Request, fds: list[int]) -> bool:
        """Run ``request`` in a child, or send it back to be run by the client."""
        if request.package != self.package or request.argv[1:2] not in self._served:
            conn.send(reply("other"))
            return False
        if code_stamp(self.package) != self.stamp:
            conn.send(reply("other"))
            self.stop("the package changed on disk: stopping (start the server again)")
            return False
        if not _open(conn):
            return False  # the client gave up waiting: it runs the command itself
        pid = self.processes.start(self.run, request, fds)
        child = _Child(pid, conn, request.command)
        self.children[pid] = child
        self.selector.register(conn, selectors.EVENT_READ, lambda: self._hung_up(child))
        self.log(f"{request.command} (pid {pid})")
        try:
            conn.send(reply("pid", pid))
        except OSError:
            self._gone(child)
        return True

    def _hung_up(self, child: _Child) -> None:
        if child.conn is not None and not _open(child.conn):
            self._gone(child)  # (clients send nothing after their request: ignored if they do)

    def _gone(self, child: _Child) -> None:
        """The client of a running command went away: nobody is left to
        read what the command says, so it stops."""
        if child.conn is None:
            return
        self.selector.unregister(child.conn)
        child.conn.close()
        child.conn = None
        self.log(f"{child.command} (pid {child.pid}): the client went away; stopping it")
        self.processes.signal(child.pid, signal.SIGTERM)

    def _collect(self) -> None:
        for pid in list(self.children):
            code = self.processes.collect(pid)
            if code is not None:
                self._ended(pid, code)

    def _ended(self, pid: int, code: int) -> None:
        """Tell the client its command's exit status."""
        child = self.children.pop(pid)
        self.last = self.clock()  # idle: without a request or a command at work
        self.log(f"{child.command} -> exit {code}")
        if child.conn is not None:
            self.selector.unregister(child.conn)
            try:
                child.conn.send(reply("exit", code))
            except OSError:
                pass
            child.conn.close()

    def _expire(self) -> None:
        now = self.clock()
        for waiting in list(self.waiting.values()):
            if waiting.deadline <= now:
                self.log(f"a client sent no request within {REQUEST_WITHIN:g} s: dropped")
                self._drop(waiting)
        if self.idle and not self.children and not self.waiting and now - self.last >= self.idle:
            self.stop(f"idle for {self.idle:g} s: stopping")

    def _forget(self, waiting: _Waiting) -> None:
        self.selector.unregister(waiting.conn)
        del self.waiting[waiting.conn]

    def _drop(self, waiting: _Waiting) -> None:
        self._forget(waiting)
        close_all(waiting.fds)
        waiting.conn.close()


def code_stamp(package: str = HERE) -> dict[str, int]:
    """Modification times of the package's loaded modules: a server whose
    code changed on disk must not answer for it."""
    stamp = {}
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None) or ""
        if file.startswith(package + os.sep):
            try:
                stamp[file] = os.stat(file).st_mtime_ns
            except OSError:
                stamp[file] = -1
    return stamp


def _open(conn: socket.socket) -> bool:
    """False once the client has hung up (it sends nothing after its
    request; anything it does send is read and ignored)."""
    try:
        return conn.recv(1 << 12) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


def _received_fds(ancillary: list[tuple[int, int, bytes]]) -> list[int]:
    fds: list[int] = []
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            usable = len(payload) - len(payload) % _FD_SIZE
            fds += [
                int.from_bytes(payload[i : i + _FD_SIZE], sys.byteorder, signed=True)
                for i in range(0, usable, _FD_SIZE)
            ]
    return fds


def close_all(fds: list[int]) -> None:
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 512):
            pass
    except BlockingIOError:
        pass
