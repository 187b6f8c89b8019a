"""The route store: one hand-editable TOML file, never holding a secret.

Location: $CCSWITCH_HOME, else the platform's per-user config folder
(Linux/BSD: $XDG_CONFIG_HOME/ccswitch or ~/.config/ccswitch; macOS:
~/Library/Application Support/ccswitch; Windows: %APPDATA%\\ccswitch).

Reads are on the hot path of `use` and `list --names`, so the parsed and validated store is
cached beside it with `marshal` (built in, no import cost), keyed by the file's stat; the
TOML parser is loaded only when the file changed.  Writes take a lock, re-read the file,
validate the whole result and replace the file atomically; a file that does not parse is
reported with its path and line and never overwritten.
"""

import marshal
import os
import sys

from .errors import CCSwitchError, UsageError

STORE_FILE = "routes.toml"
CACHE_FILE = ".routes.cache"
LOCK_FILE = ".routes.lock"
_CACHE_FORMAT = 1
# A file changed within this many seconds may change again without its stat changing
# (coarse timestamps): such a file is parsed, not cached.
_RACY_SECONDS = 2

HEADER = """\
# ccswitch routes. Edit by hand or with `ccswitch add` / `ccswitch edit`.
# Secrets are never in this file: they live in the OS keyring (service "ccswitch")
# or are read at `use` time from another variable (env:NAME) or a command (cmd:COMMAND).
"""


class StoreError(CCSwitchError):
    pass


def home():
    explicit = os.environ.get("CCSWITCH_HOME")
    if explicit:
        return explicit
    if sys.platform == "win32":
        base = os.environ.get("APPDATA") or os.path.join(os.path.expanduser("~"), "AppData", "Roaming")
    elif sys.platform == "darwin":
        base = os.path.join(os.path.expanduser("~"), "Library", "Application Support")
    else:
        base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "ccswitch")


def data_home(platform=None, environ=None):
    """Where ccswitch keeps data that is not configuration (the account folders): $CCSWITCH_HOME,
    else the platform's per-user data folder, which does not roam (Linux/BSD:
    $XDG_DATA_HOME/ccswitch or ~/.local/share/ccswitch; macOS: ~/Library/Application
    Support/ccswitch; Windows: %LOCALAPPDATA%\\ccswitch)."""
    import ntpath
    import posixpath

    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    explicit = environ.get("CCSWITCH_HOME")
    if explicit:
        return explicit
    if platform == "win32":
        home = environ.get("USERPROFILE") or os.path.expanduser("~")
        return ntpath.join(environ.get("LOCALAPPDATA") or ntpath.join(home, "AppData", "Local"), "ccswitch")
    home = environ.get("HOME") or os.path.expanduser("~")
    if platform == "darwin":
        return posixpath.join(home, "Library", "Application Support", "ccswitch")
    return posixpath.join(environ.get("XDG_DATA_HOME") or posixpath.join(home, ".local", "share"), "ccswitch")


STATE_KEY_FILE = "state.key"
JOURNAL_FILE = "journal.json"  # routestore's intent journal


def state_key():
    """This user's key for CCSWITCH_STATE's MAC (32 random bytes in the store folder, mode 600,
    made on first use, remade when unreadable or damaged); None when it can be neither read nor
    made (then no state is trusted, and none is lost but the one being read)."""
    directory = home()
    path = os.path.join(directory, STATE_KEY_FILE)
    try:
        with open(path, "rb") as f:
            key = f.read(65)
        if 16 <= len(key) <= 64:
            return key
    except OSError:
        pass
    try:
        _ensure_dir(directory)
        key = os.urandom(32)
        atomic_write(path, key)
        return key
    except StoreError:
        return None


def store_path():
    return os.path.join(home(), STORE_FILE)


def load():
    """All stored routes, validated: {name: route dict}.  Empty when there is no store yet."""
    directory = home()
    path = os.path.join(directory, STORE_FILE)
    if os.path.exists(os.path.join(directory, JOURNAL_FILE)):  # a change a killed ccswitch left half done
        from .routestore import recover

        recover()
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise StoreError(f"cannot read the store {path}: {e.strerror}") from None
    key = (_CACHE_FORMAT, st.st_mtime_ns, st.st_size, st.st_ino, st.st_dev)
    cache = os.path.join(directory, CACHE_FILE)
    try:
        with open(cache, "rb") as f:
            cached_key, routes = marshal.loads(f.read())  # load(f) reads in tiny pieces: 10x slower
        if cached_key == key:
            return routes
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = _read_store(path)
    routes = parse(path, data)
    import time

    if time.time() - st.st_mtime > _RACY_SECONDS:
        _write_cache(directory, cache, (key, routes))
    return routes


def _write_cache(directory, cache, payload):
    tmp = f"{cache}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            marshal.dump(payload, f)
        os.replace(tmp, cache)
    except OSError:  # a read-only store still works, only slower
        try:
            os.unlink(tmp)
        except OSError:
            pass


# A store ccswitch writes is a few KiB per route: one over this was not written by it, and
# rewriting it would take longer than the lock waits.
STORE_MAX = 4 * 1024 * 1024


def _read_store(path):
    with open(path, "rb") as f:
        data = f.read(STORE_MAX + 1)
    if len(data) > STORE_MAX:
        raise StoreError(f"{path} is larger than {STORE_MAX // (1024 * 1024)} MiB, far more than any set of routes; "
                         f"not read (move it aside and import what you need from it)")
    return data


def parse(path, data):
    """Parse and validate the store's bytes; errors name the file (and line, for TOML errors)."""
    import tomllib

    from . import routes as model

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise StoreError(f"{path}: not UTF-8 (byte {e.start}); fix the file by hand, ccswitch will not overwrite it") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise StoreError(f"{path}: invalid TOML: {e}; fix the file by hand, ccswitch will not overwrite it") from None
    except RecursionError:
        raise StoreError(f"{path}: nested too deeply to be a store; fix the file by hand, ccswitch will not overwrite it") from None
    for key in doc:
        if key not in ("version", "routes"):
            raise StoreError(f"{path}: unknown top-level key {key!r}; routes go under [routes.NAME]")
    version = doc.get("version", 1)
    if version != 1:
        raise StoreError(f"{path}: store version {version!r} is newer than this ccswitch understands; upgrade ccswitch")
    table = doc.get("routes", {})
    if not isinstance(table, dict):
        raise StoreError(f"{path}: 'routes' must be a table of [routes.NAME] sections")
    result = {}
    for name, route in table.items():
        try:
            model.check_route_name(name)
            result[name] = model.validate(name, route, stored=True)
        except UsageError as e:
            raise StoreError(f"{path}: {e}") from None
    return result


class Transaction:
    """`with Transaction() as doc:` — a locked read-modify-write of the store.

    `doc` is a tomlkit document whose `routes` table the caller edits; comments and layout of
    a hand-edited file survive.  On leaving the block without an exception the whole result is
    validated, then written atomically (temp file, fsync, rename).  A store that does not parse
    is never rewritten.
    """

    def __init__(self):
        self.directory = home()
        self.path = os.path.join(self.directory, STORE_FILE)
        self._lock = None

    def __enter__(self):
        import tomlkit
        from filelock import FileLock, Timeout

        _ensure_dir(self.directory)
        self._lock = FileLock(os.path.join(self.directory, LOCK_FILE), timeout=30, mode=0o600)
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreError(f"another ccswitch holds the lock on {self.path} (waited 30 s); try again") from None
        try:
            try:
                data = _read_store(self.path)
            except FileNotFoundError:
                data = None
            if data is None:
                doc = tomlkit.parse(HEADER)
                doc.add("version", 1)
            else:
                parse(self.path, data)  # refuses a broken store before anything is changed
                doc = tomlkit.parse(data.decode("utf-8"))
            if "routes" not in doc:
                doc.add(tomlkit.nl())
                doc.add("routes", tomlkit.table(is_super_table=True))
            self.doc = doc
            self.routes = doc["routes"]
            return self
        except BaseException:
            self._lock.release()
            raise

    def plain(self):
        """The routes as validated plain dicts, as they would be after this transaction."""
        import tomlkit

        return parse(self.path, tomlkit.dumps(self.doc).encode("utf-8"))

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                import tomlkit

                text = tomlkit.dumps(self.doc)
                parse(self.path, text.encode("utf-8"))
                # Through a symlink (a dotfile manager's): the file it points to is replaced, the link stays.
                atomic_write(os.path.realpath(self.path), text.encode("utf-8"))
        finally:
            self._lock.release()
        return False


def drop_route(doc, name):
    """Delete [routes.NAME] (and its sub-tables) from a tomlkit document, keeping comments with
    the route they precede: the comment block right above NAME's header goes with it; the one
    right above the next route's header (which tomlkit keeps at the end of NAME's body) stays.
    A blank line ends a block, so a file's header or a section note above it is never taken."""
    from tomlkit.items import Comment, Null, Table, Whitespace

    stream = []  # (kind, body, index, item, owner path) in render order

    def walk(container, path):
        for i, (k, v) in enumerate(container.body):
            if isinstance(v, Table):
                stream.append(("table", container.body, i, v, path + (k.key,)))
                walk(v.value, path + (k.key,))
            elif isinstance(v, (Comment, Whitespace)):
                stream.append(("trivia", container.body, i, v, path))
            elif not isinstance(v, Null):
                stream.append(("item", container.body, i, v, path))

    walk(doc, ())
    me = ("routes", name)
    start = next((n for n, e in enumerate(stream) if e[0] == "table" and e[4] == me), None)
    if start is None:  # an inline table or dotted keys, written by hand: no comments to place
        del doc["routes"][name]
        return
    end = start
    while end + 1 < len(stream) and stream[end + 1][4][:2] == me:
        end += 1

    def lead(stop):  # indexes of the comment block ending just before stream[stop]
        out, n = [], stop - 1
        while n >= 0:
            kind, item = stream[n][0], stream[n][3]
            if kind == "trivia" and isinstance(item, Comment):
                out.append(n)
            elif not (kind == "table" and item.is_super_table()):  # [routes] has no header line
                break
            n -= 1
        return out

    own = lead(start)
    after = end + 1
    theirs = [n for n in lead(after) if n > start]  # the next route's comments, inside NAME's body
    kept = "".join(stream[n][3].as_string() for n in sorted(theirs))
    for n in own:
        _kind, body, i, _item, _path = stream[n]
        body[i] = (None, Null())
    del doc["routes"][name]
    if not kept:
        return
    headers = [e[3] for e in stream[after:] if e[0] == "table" and not e[3].is_super_table()]
    if headers:  # rendered right before the next header, where the comment was
        headers[0].trivia.indent = kept + headers[0].trivia.indent
    elif min(theirs) - 1 > start and isinstance(stream[min(theirs) - 1][3], Whitespace):
        doc.add(_comment(kept))  # NAME was the last route: a footer after a blank line stays


def _comment(text):
    from tomlkit.items import Comment, Trivia

    return Comment(Trivia(comment_ws="", comment=text.rstrip("\n"), trail="\n"))


def rename_route(doc, old, new):
    """Rename [routes.OLD] to NEW where it stands: the routes after it are taken out and put
    back in order, so comments, sub-tables and the order of the file stay as they were."""
    from tomlkit.items import Table

    routes = doc["routes"]
    names = list(routes)
    tail = [(n, routes[n]) for n in names[names.index(old):]]
    for n, _table in tail:
        del routes[n]
    for n, table in tail:
        if n == old:
            n = new
            stack = [table]
            while stack:  # headers are re-rendered from the new key, sub-tables included
                t = stack.pop()
                t.display_name = None
                stack.extend(v for v in t.value.values() if isinstance(v, Table))
        indent = table.trivia.indent
        routes[n] = table
        table.trivia.indent = indent  # tomlkit adds a blank line above a table it thinks is new


def route_table(route):
    """A route dict as a tomlkit table, its env/secrets as sub-tables ([routes.NAME.env])."""
    import tomlkit

    table = tomlkit.table()
    for key, value in route.items():
        table[key] = dict_table(value) if isinstance(value, dict) else value
    return table


def dict_table(mapping):
    import tomlkit

    sub = tomlkit.table()
    for k, v in mapping.items():
        sub[k] = v
    return sub


def _ensure_dir(directory):
    if not os.path.isdir(directory):
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the store folder {directory}: {e.strerror}") from None


def atomic_write(path, data, mode=0o600):
    """Write a file so that readers see the old or the new content, never a part."""
    import tempfile

    directory = os.path.dirname(path) or "."
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as e:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise StoreError(f"cannot write {path}: {e.strerror}") from None
    if hasattr(os, "O_DIRECTORY"):
        try:
            dfd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError:
            pass


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
