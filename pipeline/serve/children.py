"""The processes that run commands for clients: each a fork of the warm
server that takes over the client's streams, working folder, environment
and arguments, runs the command and exits with its status.

The server knows them only through :class:`Processes` (start, signal,
collect), so its bookkeeping can be tested with processes that are not.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from collections.abc import Callable

from pipeline.serve.protocol import Request

_HELD = {signal.SIGINT, signal.SIGTERM}

Run = Callable[[list[str]], int]
"""A command line: its arguments (no program name) in, its exit status out
(or raised: ``SystemExit``, as a program ends)."""


class Processes:
    """Real processes: :meth:`start` forks."""

    def start(self, run: Run, request: Request, fds: list[int]) -> int:
        """A child that runs ``request`` with ``run`` on the streams ``fds``;
        its pid, also the id of the process group it leads (its workers join
        it, so that the client's Ctrl-C reaches them all)."""
        # Ctrl-C and SIGTERM wait until the child has its own handlers: one
        # sent to the child the moment it exists must not reach the server's.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
        try:
            pid = os.fork()
            if pid == 0:  # the child: never returns
                _become(run, request, fds, mask)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        with contextlib.suppress(OSError):  # both sides set it: no race with the client
            os.setpgid(pid, pid)
        return pid

    def signal(self, pid: int, signum: int) -> None:
        """Send ``signum`` to the child's process group."""
        with contextlib.suppress(OSError):  # ended already
            os.killpg(pid, signum)

    def collect(self, pid: int, block: bool = False) -> int | None:
        """The exit status of the child ``pid`` once it has ended (128 + N
        when signal N ended it, as a shell says), else None."""
        try:
            done, status = os.waitpid(pid, 0 if block else os.WNOHANG)
        except ChildProcessError:  # collected elsewhere: nothing more to learn
            return 1
        if not done:
            return None
        code = os.waitstatus_to_exitcode(status)
        return 128 - code if code < 0 else code


def _become(run: Run, request: Request, fds: list[int], mask: set[int | signal.Signals]) -> None:
    """Become the client's command: its streams, folder, environment and
    arguments; then end the process with the command's status."""
    code = 1
    try:
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
        # Everything else is the server's: its socket, other clients' connections.
        os.closerange(len(fds), os.sysconf("SC_OPEN_MAX"))
        _open_streams(request)
        os.environ.clear()
        os.environ.update(request.env)
        sys.argv = request.argv
        os.chdir(request.cwd)
        code = run(request.argv[1:])
    except SystemExit as exc:  # as the interpreter would end
        code = _status(exc.code)
    except BaseException:
        with contextlib.suppress(OSError, ValueError):
            traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):  # the process ends without tearing down
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)


def _status(code: object) -> int:
    """The exit status of ``sys.exit(code)``, as Python gives it."""
    if code is None or isinstance(code, int):
        return code or 0
    with contextlib.suppress(OSError, ValueError):
        print(code, file=sys.stderr)
    return 1


def _open_streams(request: Request) -> None:
    """Python's standard streams on the client's, in the client's encodings;
    stdout line-buffered on a terminal, as it would be in the client."""
    buffered = 1 if os.isatty(1) else -1
    sys.stdin = open(0, encoding=request.out_encoding, closefd=False)  # noqa: SIM115
    sys.stdout = open(  # noqa: SIM115
        1, "w", buffered, request.out_encoding, request.out_errors, closefd=False
    )
    sys.stderr = open(  # noqa: SIM115
        2, "w", 1, request.err_encoding, request.err_errors, closefd=False
    )
