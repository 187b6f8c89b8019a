"""A route and its keyring secrets, written together or not at all.

Every change that touches both the store and the keyring goes through here: the keyring first
(each value it replaces kept), then the store in one locked transaction that checks nobody
changed the route meanwhile; on any failure the keyring is put back as it was, so no route is
left without its secret and no secret without its route.
"""

from . import store
from .errors import CCSwitchError


def keyring_vars(route):
    return [var for var, src in route.get("secrets", {}).items() if src == "keyring"]


def commit(name, old, new, values):
    """Write route `name` (old -> new; new None removes it) and its keyring values atomically."""
    from . import secrets

    old_kr = set(keyring_vars(old)) if old else set()
    new_kr = set(keyring_vars(new)) if new else set()
    previous = {}  # keyring values overwritten, to put back on failure
    written = []
    try:
        with store.Transaction() as tx:
            current = tx.plain().get(name)
            if current != old:
                raise CCSwitchError(f"route {name!r} was changed by another ccswitch meanwhile; run the command again")
            for var, value in values.items():
                if var in old_kr:
                    previous[var] = secrets.get(name, var)
                secrets.put(name, var, value)
                written.append(var)
            if new is None:
                del tx.routes[name]
            else:
                _apply(tx, name, old, new)
    except BaseException:
        for var in written:
            try:
                if var in previous:
                    secrets.put(name, var, previous[var])
                else:
                    secrets.delete(name, var)
            except Exception:
                pass
        raise
    leftover = []
    for var in sorted(old_kr - new_kr):  # secrets the route no longer keeps in the keyring
        try:
            secrets.delete(name, var)
        except CCSwitchError:
            leftover.append(secrets.entry(name, var))
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
    """Delete route `name` (as read: `route`) and its keyring secrets: secrets first (kept for
    rollback), then the store.  Returns the keyring entries that could not be deleted (force)."""
    from . import secrets

    leftover = []
    saved = {}
    try:
        with store.Transaction() as tx:
            if tx.plain().get(name) != route:
                raise CCSwitchError(f"route {name!r} was changed by another ccswitch meanwhile; run the command again")
            for var in keyring_vars(route):
                try:
                    saved[var] = secrets.get(name, var)
                except secrets.SecretError:
                    if not force:
                        raise
                    leftover.append(secrets.entry(name, var))
                    continue
                secrets.delete(name, var)
            del tx.routes[name]
    except BaseException:
        for var, value in saved.items():
            try:
                secrets.put(name, var, value)
            except Exception:
                pass
        raise
    return leftover


def rename(old_name, new_name, route):
    """Rename route `old_name` (as read: `route`); its keyring secrets are copied first and the
    old entries deleted once the store says the new name.  Returns entries left behind."""
    from . import secrets

    copied = []
    try:
        with store.Transaction() as tx:
            current = tx.plain()
            if current.get(old_name) != route or new_name in current:
                raise CCSwitchError("the store was changed by another ccswitch meanwhile; run the command again")
            for var in keyring_vars(route):
                secrets.put(new_name, var, secrets.get(old_name, var))
                copied.append(var)
            table = tx.routes[old_name]
            del tx.routes[old_name]
            tx.routes[new_name] = table
    except BaseException:
        for var in copied:
            try:
                secrets.delete(new_name, var)
            except Exception:
                pass
        raise
    leftover = []
    for var in copied:
        try:
            secrets.delete(old_name, var)
        except CCSwitchError:
            leftover.append(secrets.entry(old_name, var))
    return leftover
