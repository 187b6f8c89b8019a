"""Reading a file someone else wrote (a settings layer, a startup file, a file to import or to
check): the one capped reader, so every command reads at most MAX_BYTES and says why it did not.

`read_text(path)` returns the text or raises Unreadable, a one-line UsageError naming the path:
the file is missing, a folder or cannot be opened (Unreadable), or its content is refused
(Refused, a subclass): larger than `limit`, binary (a NUL byte in its first 8 KiB, only with
binary_ok=False), or not UTF-8 (only with errors="strict").  A UTF-8 byte-order mark is dropped.
`decode(raw, path)` applies the same checks to bytes read elsewhere (a blob from the git index).
"""

from .errors import UsageError

MAX_BYTES = 4 * 1024 * 1024
SNIFF_BYTES = 8192  # a NUL byte this early means a binary file


class Unreadable(UsageError):
    """A file that was not read; `reason`: missing, folder, error (the OS refused), or one of Refused's."""

    def __init__(self, message, path, reason):
        super().__init__(message)
        self.path, self.reason = path, reason


class Refused(Unreadable):
    """A file that was read but whose content is refused; `reason`: large, binary or encoding."""


def _size(limit):
    mib = 1024 * 1024
    return f"{limit // mib} MiB" if limit % mib == 0 else f"{limit} bytes"


def decode(raw, path, *, limit=MAX_BYTES, binary_ok=True, errors="strict", encoding="utf-8-sig"):
    """The text of `raw` (the content of `path`), or Refused."""
    if len(raw) > limit:
        raise Refused(f"{path}: larger than {_size(limit)}; not read", path, "large")
    if not binary_ok and b"\0" in raw[:SNIFF_BYTES]:
        raise Refused(f"{path}: a binary file (a NUL byte); not read", path, "binary")
    try:
        return raw.decode(encoding, errors)
    except UnicodeDecodeError as e:
        raise Refused(f"{path}: not UTF-8 (byte {e.start})", path, "encoding") from None


def read_bytes(path, what="file", *, limit=MAX_BYTES):
    """The bytes of the regular file at `path`, at most `limit` of them, or Unreadable.  A FIFO,
    a device or a socket is refused without waiting on it (opened non-blocking, then checked)."""
    import os
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise Unreadable(f"no such {what}: {path}", path, "missing") from None
    except IsADirectoryError:
        raise Unreadable(f"{path} is a folder, not a {what}", path, "folder") from None
    except OSError as e:
        raise Unreadable(f"{path}: cannot be read ({e.strerror})", path, "error") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise Unreadable(f"{path} is a folder, not a {what}", path, "folder")
        if not stat.S_ISREG(mode):
            raise Unreadable(f"{path} is not a regular file (a pipe or a device); not read", path, "error")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError as e:
        raise Unreadable(f"{path}: cannot be read ({e.strerror})", path, "error") from None
    finally:
        os.close(fd)


def read_text(path, what="file", *, limit=MAX_BYTES, binary_ok=True, errors="strict", encoding="utf-8-sig"):
    """The text of the file at `path`, at most `limit` bytes, or Unreadable.  `what` names the
    file in the messages for a missing file or a folder ("no such settings file: PATH");
    errors="replace" turns undecodable bytes into U+FFFD instead of refusing the file."""
    raw = read_bytes(path, what, limit=limit)
    return decode(raw, path, limit=limit, binary_ok=binary_ok, errors=errors, encoding=encoding)
