"""A route and its keyring secrets, written together or not at all, even across a crash.

Every change that touches both the store and the keyring goes through here, under the store's
lock, as four steps:

  1. an intent journal (journal.json in the store folder: the route before and after, the
     keyring entries about to change; names and routes only, never a value) is written and
     synced before anything else;
  2. every keyring value about to be overwritten is copied to a backup entry (NAME#before:VAR,
     a name no route can have), then the new values are written;
  3. the store is written (atomic rename): the commit point;
  4. backups and the entries the route no longer keeps are deleted, then the journal.

A failure before the commit rolls back at once; a kill (SIGKILL, power loss) leaves the
journal, and the next ccswitch that reads the store finishes the change (`recover`): forward
when the store already says the new route, back to the old values when it does not.  So a
route is never left without its secret, with a secret meant for another endpoint, or a secret
without its route.  Ctrl-C, SIGTERM and SIGHUP roll back at the next safe point
(`_signals_as_interrupts`).
"""

import os

from . import store
from .errors import CCSwitchError

JOURNAL_FILE = store.JOURNAL_FILE


def keyring_vars(route):
    return [var for var, src in route.get("secrets", {}).items() if src == "keyring"] if route else []


def _backup(name):
    return f"{name}#before"  # '#' is never in a route name


def _journal_path():
    return os.path.join(store.home(), JOURNAL_FILE)


def _begin(entry):
    import json  # not at module level: commands imports this module on the hot path of `use`

    store.atomic_write(_journal_path(), json.dumps(entry).encode("utf-8"))


def _end():
    try:
        os.unlink(_journal_path())
    except FileNotFoundError:
        pass


class _Interrupted(BaseException):
    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


class _signals_as_interrupts:
    """Ctrl-C, SIGTERM and SIGHUP during a change are noted, and act at the next safe point (`check`,
    between two keyring steps): the change rolls back like Ctrl-C, then the process ends with
    the signal's status.  After the commit they wait for the cleanup to finish."""

    def __enter__(self):
        import signal

        self._old = {}
        self.pending = None
        for sig in (signal.SIGINT, getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)):
            if sig is not None:
                try:
                    self._old[sig] = signal.signal(sig, self._note)
                except ValueError:  # not the main thread
                    pass
        return self

    def _note(self, signum, _frame):
        self.pending = signum

    def check(self):
        if self.pending is not None:
            raise _Interrupted(self.pending)

    def __exit__(self, exc_type, exc, tb):
        import signal

        for sig, handler in self._old.items():
            signal.signal(sig, handler)
        if exc_type is _Interrupted or (exc_type is None and self.pending is not None):
            raise SystemExit(128 + (exc.signum if exc_type is _Interrupted else self.pending))
        return False


def commit(name, old, new, values):
    """Write route `name` (old -> new; new None removes it) and its keyring values atomically."""
    from . import secrets

    old_kr = set(keyring_vars(old))
    backed = sorted(v for v in values if v in old_kr)
    entry = {"op": "change", "name": name, "old": old, "new": new, "written": sorted(values), "backed": backed}
    progress = None  # keyring steps done (a put that raises wrote nothing: each entry is set whole)
    with _signals_as_interrupts() as sig:
        try:
            with store.Transaction() as tx:
                _recover_locked(tx)
                if tx.plain().get(name) != old:
                    raise CCSwitchError(f"route {name!r} was changed by another ccswitch meanwhile; run the command again")
                _begin(entry)
                progress = []
                for var in backed:
                    sig.check()
                    secrets.put(_backup(name), var, secrets.get(name, var))
                    progress.append(("backup", var))
                for var, value in values.items():
                    sig.check()
                    secrets.put(name, var, value)
                    progress.append(("write", var))
                sig.check()
                if new is None:
                    store.drop_route(tx.doc, name)
                else:
                    _apply(tx, name, old, new)
        except BaseException:
            if progress is not None:  # before its journal, this change touched nothing (another's journal stays)
                _undo(entry, progress)
            raise
        return _finish(entry)


def _peek(route, var):
    """A keyring value, or None when there is no such entry (an unreachable keyring raises)."""
    from . import secrets

    try:
        return secrets.backend().get_password(secrets.SERVICE, secrets.entry(route, var))
    except Exception as e:
        raise secrets.SecretError(f"the keyring cannot be read ({type(e).__name__})") from None


def _roll_back(entry, steps):
    """Undo keyring steps ("backup", VAR) and ("write", VAR), newest first: a value overwritten
    comes back from its backup (when one was made), a value new to the route goes."""
    from . import secrets

    name = entry["name"]
    for step, var in reversed(steps):
        if step == "write" and var in entry["backed"]:
            value = _peek(_backup(name), var)
            if value is not None:  # None: stopped before this value was overwritten
                secrets.put(name, var, value)
        elif step == "write":
            secrets.delete(name, var)
        else:
            secrets.delete(_backup(name), var)


def _undo(entry, progress):
    """Roll back a change that did not commit; the journal stays (for `recover`) only if the
    keyring cannot be reached to do it."""
    try:
        _roll_back(entry, progress)
        _end()
    except Exception:
        pass


def _finish(entry):
    """After the commit: backups and the entries the route no longer keeps go; the journal last."""
    from . import secrets

    name = entry["name"]
    leftover = []
    for var in entry["backed"]:
        try:
            secrets.delete(_backup(name), var)
        except CCSwitchError:
            leftover.append(secrets.entry(_backup(name), var))
    for var in sorted(set(keyring_vars(entry["old"])) - set(keyring_vars(entry["new"]))):
        try:
            secrets.delete(name, var)
        except CCSwitchError:
            leftover.append(secrets.entry(name, var))
    _end()
    return leftover


def _apply(tx, name, old, new):
    """Edit the route's table in place, so comments and layout of a hand-edited file survive."""
    if old is None:
        tx.routes[name] = store.route_table(new)
        return
    table = tx.routes[name]
    for key in list(old):
        if key not in new:
            del table[key]
    for key, value in new.items():
        if old.get(key) == value:
            continue
        if isinstance(value, dict) and isinstance(old.get(key), dict):
            sub = table[key]
            for k in list(old[key]):
                if k not in value:
                    del sub[k]
            for k, v in value.items():
                if old[key].get(k) != v:
                    sub[k] = v
        elif isinstance(value, dict):
            table[key] = store.dict_table(value)
        else:
            table[key] = value


def remove(name, route, force=False):
    """Delete route `name` (as read: `route`) and its keyring secrets: the store first (the
    commit), then the secrets; a kill in between is finished by the next ccswitch.  Returns the
    keyring entries that could not be deleted (with `force`; without it, an unreadable keyring
    stops the removal before anything changed)."""
    from . import secrets

    kr = keyring_vars(route)
    if not force:
        for var in kr:  # the keyring must answer before the route goes
            secrets.get(name, var)
    entry = {"op": "change", "name": name, "old": route, "new": None, "written": [], "backed": []}
    with _signals_as_interrupts() as sig:
        with store.Transaction() as tx:
            _recover_locked(tx)
            sig.check()
            if tx.plain().get(name) != route:
                raise CCSwitchError(f"route {name!r} was changed by another ccswitch meanwhile; run the command again")
            _begin(entry)
            store.drop_route(tx.doc, name)
        return _finish(entry)


def rename(old_name, new_name, route):
    """Rename route `old_name` (as read: `route`); its keyring secrets are copied first and the
    old entries deleted once the store says the new name.  Returns entries left behind."""
    from . import secrets

    entry = {"op": "rename", "name": old_name, "to": new_name, "route": route, "copied": keyring_vars(route)}
    began = False
    with _signals_as_interrupts() as sig:
        try:
            with store.Transaction() as tx:
                _recover_locked(tx)
                current = tx.plain()
                if current.get(old_name) != route or new_name in current:
                    raise CCSwitchError("the store was changed by another ccswitch meanwhile; run the command again")
                _begin(entry)
                began = True
                for var in entry["copied"]:
                    sig.check()
                    secrets.put(new_name, var, secrets.get(old_name, var))
                sig.check()
                store.rename_route(tx.doc, old_name, new_name)
        except BaseException:
            if began:
                try:
                    for var in entry["copied"]:
                        secrets.delete(new_name, var)
                    _end()
                except Exception:
                    pass  # the journal stays: the next ccswitch finishes the rollback
            raise
        leftover = []
        for var in entry["copied"]:
            try:
                secrets.delete(old_name, var)
            except CCSwitchError:
                leftover.append(secrets.entry(old_name, var))
        _end()
        return leftover


# ----------------------------------------------------------------------------- after a crash


def pending():
    return os.path.exists(_journal_path())


def recover():
    """Finish or roll back a change a killed ccswitch left half done (see the module docstring)."""
    if not pending():
        return
    with store.Transaction() as tx:
        _recover_locked(tx)


def _recover_locked(tx):
    import json

    from . import secrets

    path = _journal_path()
    try:
        with open(path, "rb") as f:
            entry = json.loads(f.read())
    except FileNotFoundError:
        return
    except (OSError, ValueError) as e:
        raise store.StoreError(f"{path}: an interrupted change left a journal that cannot be read ({e}); "
                               f"check your routes, then delete that file") from None
    current = tx.plain()
    name = entry.get("name")
    try:
        if entry.get("op") == "rename":
            to = entry["to"]
            gone = name if to in current else to  # forward: the old entries go; back: the copies
            for var in entry["copied"]:
                secrets.delete(gone, var)
        else:
            committed = current.get(name) == entry["new"] if entry["new"] is not None else name not in current
            if committed:
                _finish(entry)  # forward: the store already says the new route
                return
            if current.get(name) != entry["old"]:  # changed by hand since: keep its secrets, drop the backups
                for var in entry["backed"]:
                    secrets.delete(_backup(name), var)
                _end()
                return
            # back: the store still says the old route; every step may have happened
            _roll_back(entry, [("backup", v) for v in entry["backed"]] + [("write", v) for v in entry["written"]])
    except secrets.SecretError as e:
        raise store.StoreError(f"an interrupted change of route {name!r} cannot be finished yet: {e}; run the command again") from None
    _end()
