"""Files the corpus tools read and write, handled so that nothing is lost or hangs.

- :func:`open_regular_file` opens a file for reading only if it is a regular file: a FIFO,
  socket or device node is refused with :class:`NotARegularFile` (saying what it is) before
  any blocking open, so a named pipe in the corpus folder never hangs ``check``, ``link``,
  ``index`` or the dashboard.
- :func:`check_output_target` refuses to replace what we would not have written: a symbolic
  link, a device node, a folder, or a regular file that is not one of ours (unless
  ``force``).
- :func:`write_text_atomically` writes a new file next to the target and renames it over
  the target, so a reader or a kill never sees half a file.
- :func:`exclusive_lock` serialises writers of one file on an ``flock`` lock file.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISLNK, "a symbolic link"),
)


class NotARegularFile(OSError):
    """A path that is not a regular file where one was needed; ``kind`` says what it is."""

    def __init__(self, path: Path | str, kind: str):
        self.kind = kind
        super().__init__(errno.EINVAL, f"{kind}, not a regular file", str(path))


class OutputRefused(ValueError):
    """An output file was not written because it would have replaced something else."""


def file_kind(mode: int) -> str:
    """What an ``st_mode`` describes, in words ('a regular file', 'a FIFO (named pipe)'…)."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "a regular file" if stat.S_ISREG(mode) else "a special file"


def describe(path: Path | str) -> str | None:
    """What ``path`` is ('a FIFO (named pipe)', 'a symbolic link'…), None if it does not
    exist. Does not follow a final symbolic link."""
    try:
        return file_kind(os.lstat(path).st_mode)
    except FileNotFoundError:
        return None


def open_regular_file(path: Path | str) -> BinaryIO:
    """Open a regular file (or a symbolic link to one) for binary reading.

    The path is checked with ``stat`` first, then opened with ``O_NONBLOCK`` and checked
    again with ``fstat`` (it may have been swapped in between): a FIFO or device is never
    opened for a blocking read. Raises :class:`NotARegularFile` or the usual ``OSError``.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotARegularFile(path, file_kind(mode))
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(path, file_kind(mode))
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def check_output_target(path: Path | str, *, is_ours: Callable[[Path], bool],
                        what: str, force: bool = False, option: str = "-o",
                        parent_may_be_missing: bool = False) -> None:
    """Refuse to write ``what`` (e.g. 'the export') at ``path`` when that would destroy
    something: a symbolic link or any non-regular file (always), or a non-empty regular file
    for which ``is_ours(path)`` is False (unless ``force``). A missing parent folder is
    refused too, unless ``parent_may_be_missing`` (the caller creates it). Raises
    :class:`OutputRefused` with a message saying what is there and what to do."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if not parent_may_be_missing and not path.parent.is_dir():
            raise OutputRefused(f"{path}: the folder {path.parent} does not exist; create it or "
                                f"give another {option} path") from None
        return
    if stat.S_ISDIR(info.st_mode):
        raise OutputRefused(f"{path} is a folder; give a file name for {what} "
                            f"({option} {path / 'name'})")
    if not stat.S_ISREG(info.st_mode):
        raise OutputRefused(f"{path} is {file_kind(info.st_mode)}; {what} is written only to a "
                            "regular file (a link or device node is never replaced): give "
                            f"another {option} path")
    if info.st_size and not force and not is_ours(path):
        raise OutputRefused(f"{path} already exists and is not {what} written by Corridor "
                            f"Atlas; it was left as it is. Give another {option} path, or add "
                            "--force to replace it")


def write_text_atomically(path: Path | str, text: str | bytes) -> None:
    """Write ``text`` (UTF-8; bytes as they are) to a hidden temporary file beside ``path``,
    then rename it over ``path``: readers see the old file or the new one, never a part; a
    kill leaves the old file and at most a hidden ``.tmp``. The file gets the usual mode
    (0666 minus umask)."""
    path = Path(path)
    binary = isinstance(text, bytes)
    handle = tempfile.NamedTemporaryFile("wb" if binary else "w",
                                         encoding=None if binary else "utf-8",
                                         newline=None if binary else "", delete=False,
                                         dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp")
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        # NamedTemporaryFile creates the file private (0600); give it the usual mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


class LockBusy(RuntimeError):
    """Another process holds the lock; ``holder`` is what it wrote in the lock file."""

    def __init__(self, path: Path, holder: str):
        self.path = path
        self.holder = holder
        super().__init__(f"{path} is locked by {holder or 'another process'}")


@contextlib.contextmanager
def exclusive_lock(lock_path: Path, *, wait: bool = True,
                   on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``lock_path`` (created if needed, never truncated
    before the lock is held). With ``wait`` False a held lock raises :class:`LockBusy`;
    otherwise ``on_wait(holder)`` is called once and the call blocks until the lock is
    free. The lock dies with its process, so a killed holder never blocks anyone."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(descriptor)
            if not wait:
                raise LockBusy(lock_path, holder) from None
            if on_wait:
                on_wait(holder)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"process {os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(descriptor)


def _holder(descriptor: int) -> str:
    try:
        return os.pread(descriptor, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""
