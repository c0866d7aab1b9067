"""A warm validator for editors: ``tei-pipeline serve`` keeps Python, lxml,
the schema and the rules loaded, and ``tei-pipeline validate`` hands its work
to it when it runs.

Started afresh, a ``validate`` spends about 50 ms starting Python, importing
lxml and click and compiling the schema before it looks at a file; an editor
that validates on every save pays that every time. The server pays it once.
For each request it forks a child that takes over the caller's standard
streams, working folder, environment and arguments and runs the very same
command, so output, exit status and progress bars are those of a run without
the server. Without a server the command simply runs in its own process.

The client half is the console script, :mod:`pipeline.__main__`; this
module holds the protocol both halves speak, and the server.

One request per connection over a Unix socket in a folder only its user may
enter; both sides check that the other runs as the same user. A message is
``<length>\\n`` and NUL-separated fields, the first two the protocol name and
a verb: ``run`` (with the client's package folder, working folder, stream
encodings, arguments and environment, and its stdin, stdout and stderr
attached), ``status`` or ``stop``. The server answers a run with ``pid N``
once the child runs and ``exit N`` once it has ended; or with ``other`` when
it cannot take the request (another installation, not a ``validate``, or its
own code changed on disk: it then stops), and the client runs the command
itself.
"""

from __future__ import annotations

import contextlib
import os
import sys

TYPE_CHECKING = False  # not typing's: the client must start fast
if TYPE_CHECKING:
    import _socket
    import socket
    from collections.abc import Callable

PROTOCOL = "tei-pipeline-serve/1"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the package
_MAX_MESSAGE = 1 << 22
ANSWER_WITHIN = 10.0  # seconds for a server to take a request (a stopped one never does)


def socket_path() -> str:
    """Where the server listens: $TEI_PIPELINE_SOCKET, else a per-user folder
    in $XDG_RUNTIME_DIR (or $TMPDIR, or /tmp)."""
    given = os.environ.get("TEI_PIPELINE_SOCKET")
    if given:
        return given
    base = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("TMPDIR") or "/tmp"
    return os.path.join(base, f"tei-pipeline-{os.getuid()}", "serve.sock")


def frame(*fields: str) -> bytes:
    """One message: its length, then its fields separated by NUL."""
    body = "\0".join((PROTOCOL, *fields)).encode("utf-8", "surrogateescape")
    return b"%d\n" % len(body) + body


def private(path: str) -> bool:
    """``path``'s folder is ours, no symlink, closed to others; ``path``, if
    it exists, is a socket of ours (not a symlink to one)."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        st = os.lstat(folder)
    except OSError:
        return False
    if (st.st_mode & 0o170000) != 0o040000 or st.st_uid != os.getuid() or st.st_mode & 0o077:
        return False
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return True
    return (st.st_mode & 0o170000) == 0o140000 and st.st_uid == os.getuid()


def peer_is_us(conn: socket.socket | _socket.socket) -> bool:
    """The process at the other end runs as our user (Linux says so; elsewhere
    :func:`private` folders guard the socket)."""
    import _socket

    if not hasattr(_socket, "SO_PEERCRED"):
        return True
    creds = conn.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)  # pid, uid, gid
    return int.from_bytes(creds[4:8], sys.byteorder) == os.getuid()


# ---------------------------------------------------------------- server


class Request:
    """A ``run``: ``argv`` from ``cwd`` with ``env``, on the client's streams.
    (A plain class: ``typing.NamedTuple`` would slow every client's start.)"""

    def __init__(self, fields: list[str]) -> None:
        (self.package, self.cwd, self.out_encoding, self.out_errors) = fields[:4]
        (self.err_encoding, self.err_errors) = fields[4:6]
        argc = int(fields[6]) if fields[6].isdigit() else -1
        self.argv = fields[7 : 7 + argc]
        if len(self.argv) != argc:
            raise ValueError("argument count does not match")
        self.env = dict(item.split("=", 1) for item in fields[7 + argc :] if "=" in item)


def parse(body: bytes) -> tuple[str, Request | None]:
    """The verb of a message and, for ``run``, the request; ("", None) when
    the message is not one this server reads."""
    fields = body.decode("utf-8", "surrogateescape").split("\0")
    if len(fields) < 2 or fields[0] != PROTOCOL:
        return "", None
    if fields[1] != "run":
        return fields[1], None
    try:
        return "run", Request(fields[2:])
    except (ValueError, IndexError):
        return "", None


def ask(path: str, verb: str) -> str | None:
    """Send ``status`` or ``stop``; the reply, or None when no server answers."""
    import socket

    if not private(path):
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(ANSWER_WITHIN)
        try:
            conn.connect(path)
            if not peer_is_us(conn):
                return None
            conn.sendall(frame(verb))
            return conn.recv(256).decode().strip() or None
        except OSError:
            return None


def code_stamp() -> dict[str, int]:
    """Modification times of the package's loaded modules: a server whose
    code changed on disk must not answer for it."""
    stamp = {}
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None) or ""
        if file.startswith(HERE + os.sep):
            try:
                stamp[file] = os.stat(file).st_mtime_ns
            except OSError:
                stamp[file] = -1
    return stamp


class _Child:
    """A child at work for a client: the connection to the client, the command,
    and when to stop it if the client has hung up."""

    def __init__(self, conn: socket.socket, command: str) -> None:
        self.conn = conn
        self.command = command
        self.stop_at: float | None = None  # set once the client has hung up
        self.stopped = False


def serve(path: str, idle: float | None = None, log: Callable[[str], None] = print) -> None:
    """Listen at ``path`` until stopped (``stop`` request, SIGTERM, Ctrl-C),
    code changed on disk, or ``idle`` seconds without a request."""
    import select
    import signal
    import time

    from pipeline import (
        cli,  # noqa: F401 - loaded once, for every child
    )
    from pipeline.errors import ResourceError
    from pipeline.validation import validate

    if not hasattr(os, "fork"):
        raise ResourceError("the server needs a POSIX system (fork and Unix sockets)")
    validate.preload()
    for fd in (0, 1, 2):  # a closed one would be taken by a socket, then by dup2
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)
    listener = _listen(path)
    inode = os.stat(path).st_ino
    stamp = code_stamp()
    children: dict[int, _Child] = {}
    wake_r, wake_w = os.pipe()  # SIGCHLD wakes the loop through it
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGCHLD, lambda _signum, _frame: None)
    signal.set_wakeup_fd(wake_w)
    log(f"serving tei-pipeline validate at {path} (pid {os.getpid()})")
    last = time.monotonic()
    try:
        while True:
            now = time.monotonic()
            waits = [
                c.stop_at - now
                for c in children.values()
                if c.stop_at is not None and not c.stopped
            ]
            if idle and not children:
                waits.append(idle - (now - last))
            watched = {c.conn: pid for pid, c in children.items() if c.stop_at is None}
            sources: list[socket.socket | int] = [listener, wake_r, *watched]
            readable = select.select(sources, [], [], max(0.0, min(waits)) if waits else None)[0]
            if wake_r in readable:
                _drain(wake_r)
            _reap(children, log)
            now = time.monotonic()
            for conn in readable:
                if isinstance(conn, int):  # the wake-up pipe
                    continue
                pid = watched.get(conn, 0)
                if pid in children and not _peek(conn):  # (a reaped child's is closed)
                    # The client hung up: it read its exit status, or it was killed.
                    # A child still at work a moment later has nobody to report to.
                    children[pid].stop_at = now + 0.25
            for pid, child in children.items():
                if child.stop_at is not None and child.stop_at <= now and not child.stopped:
                    child.stopped = True
                    log(f"{child.command} (pid {pid}): the client went away; stopping it")
                    _signal_group(pid, signal.SIGTERM)
            if idle and not children and now - last >= idle:
                log(f"idle for {idle:g} s: stopping")
                return
            if listener in readable:
                conn, _ = listener.accept()
                last = time.monotonic()
                verdict = _handle(conn, stamp, [listener.fileno(), wake_r, wake_w], children, log)
                if verdict:
                    log(verdict)
                    return
    except KeyboardInterrupt:
        log("stopped")
    finally:
        signal.set_wakeup_fd(-1)
        listener.close()
        for child in children.values():
            child.conn.close()
        os.close(wake_r)
        os.close(wake_w)
        try:
            if os.stat(path).st_ino == inode:
                os.unlink(path)
        except OSError:
            pass


def _listen(path: str) -> socket.socket:
    """A socket listening at ``path``, in a private folder, readable by us only."""
    import socket

    from pipeline.errors import ResourceError

    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if not private(path):
        raise ResourceError(
            f"{path}: the server's folder must be yours, not a symlink, and closed to "
            f"others (chmod 700 {folder}), and nothing but a socket of yours may be "
            "there already; or choose another place with --socket"
        )
    if ask(path, "status") is not None:
        raise ResourceError(f"a server is already listening at {path}")
    if os.path.lexists(path):
        os.unlink(path)  # our own socket, left behind by a server that was killed
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    umask = os.umask(0o177)  # the socket is born 0600: only its user may connect
    try:
        listener.bind(path)
    except OSError as exc:
        listener.close()
        raise ResourceError(f"{path}: cannot listen there: {exc.strerror}") from None
    finally:
        os.umask(umask)
    listener.listen(64)
    return listener


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 512):
            pass
    except BlockingIOError:
        pass


def _peek(conn: socket.socket) -> bool:
    """False once the client has hung up (it sends nothing after its request)."""
    import select
    import socket

    if not select.select([conn], [], [], 0)[0]:
        return True
    try:
        return conn.recv(1, socket.MSG_PEEK) != b""
    except OSError:
        return False


def _signal_group(pid: int, signum: int) -> None:
    with contextlib.suppress(OSError):
        os.killpg(pid, signum)


def _reap(children: dict[int, _Child], log: Callable[[str], None]) -> None:
    """Collect ended children and tell each client its exit status (128 + N
    for a child killed by signal N, as a shell says). A child that ended
    normally has said it already: saying it before its process is torn down
    spares the client a few milliseconds."""
    for pid in list(children):
        done, status = os.waitpid(pid, os.WNOHANG)
        if not done:
            continue
        child = children.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        code = 128 - code if code < 0 else code
        log(f"{child.command} -> exit {code}")
        with contextlib.suppress(OSError):
            child.conn.sendall(b"exit %d\n" % code)
        child.conn.close()


def _handle(
    conn: socket.socket,
    stamp: dict[str, int],
    server_fds: list[int],
    children: dict[int, _Child],
    log: Callable[[str], None],
) -> str | None:
    """Answer one connection; a reason to stop serving, or None. The
    connection stays open while a child works for it."""
    conn.settimeout(2.0)  # a client that says nothing must not hold the server
    fds: list[int] = []
    keep = False
    try:
        if not peer_is_us(conn):
            return None
        body, fds = _receive(conn)
        verb, request = parse(body)
        if verb == "status":
            conn.sendall(f"serving pid {os.getpid()}\n".encode())
            return None
        if verb == "stop":
            conn.sendall(b"stopping\n")
            return "stop requested"
        if request is None or request.package != HERE or request.argv[1:2] != ["validate"]:
            conn.sendall(b"other\n")
            return None
        if len(fds) != 3:
            return None
        if code_stamp() != stamp:
            conn.sendall(b"other\n")
            return "the package changed on disk: stopping (start the server again)"
        if not _peek(conn):
            return None  # the client gave up waiting: it runs the command itself
        pid = os.fork()
        if pid == 0:  # the child: never returns
            for fd in server_fds + [c.conn.fileno() for c in children.values()]:
                os.close(fd)
            _run_child(conn, request, fds)
        command = " ".join(["tei-pipeline", *request.argv[1:]])
        children[pid] = _Child(conn, command)
        keep = True
        log(f"{command} (pid {pid})")
        return None
    except (OSError, ValueError):  # a client that hung up, timed out or sent garbage
        return None
    finally:
        for fd in fds:
            os.close(fd)
        if not keep:
            conn.close()


def _receive(conn: socket.socket) -> tuple[bytes, list[int]]:
    """One message and the file descriptors sent with it (closed here if the
    message is unusable)."""
    import array
    import socket

    fds = array.array("i")
    try:
        data = b""
        while b"\n" not in data:  # the length: a few digits and a newline
            chunk, ancillary, _flags, _addr = conn.recvmsg(
                4096, socket.CMSG_SPACE(3 * fds.itemsize)
            )
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
            if not chunk or len(data) > 20:
                raise ValueError("no message")
            data += chunk
        head, _, body = data.partition(b"\n")
        size = int(head)
        if size > _MAX_MESSAGE:
            raise ValueError("message too large")
        while len(body) < size:
            chunk = conn.recv(min(size - len(body), 1 << 16))
            if not chunk:
                raise ValueError("message cut short")
            body += chunk
        return body, list(fds)
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise


def _run_child(conn: socket.socket, request: Request, fds: list[int]) -> None:
    """Become the client's command: its streams, folder, environment and
    arguments. Ends the process."""
    import signal
    import traceback

    from pipeline.cli import invoke  # loaded already, in the server

    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setpgid(0, 0)  # a group of its own, workers included, for the client's Ctrl-C
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        buffered = 1 if os.isatty(1) else -1
        sys.stdin = open(0, encoding=request.out_encoding, closefd=False)  # noqa: SIM115
        sys.stdout = open(  # noqa: SIM115
            1, "w", buffered, request.out_encoding, request.out_errors, closefd=False
        )
        sys.stderr = open(  # noqa: SIM115
            2, "w", 1, request.err_encoding, request.err_errors, closefd=False
        )
        os.environ.clear()
        os.environ.update(request.env)
        sys.argv = request.argv
        conn.sendall(f"pid {os.getpid()}\n".encode())
        os.chdir(request.cwd)
        code = invoke(request.argv[1:])
    except BaseException:
        try:
            traceback.print_exc()
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
    finally:
        try:  # now, not after the process is torn down (the server says it again then)
            conn.sendall(b"exit %d\n" % code)
        except OSError:
            pass
        os._exit(code)
