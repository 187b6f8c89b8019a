"""Limits of the Windows environment, shared by the PowerShell and cmd.exe emitters (not a --shell)."""

from . import refuse

#: Windows caps one environment value at 32,767 UTF-16 code units.
VALUE_MAX = 32767


def utf16_length(value):
    return len(value) + sum(1 for ch in value if ord(ch) > 0xFFFF)


def check(plan, shell):
    """Refuse what no Windows environment holds: an over-long value; two names that differ only
    in case with different values (Windows names ignore case, so one would silently win)."""
    seen = {}
    for name, value in plan.set:
        if len(value) > VALUE_MAX // 2 and utf16_length(value) > VALUE_MAX:
            raise refuse(plan, shell, name, f"Windows holds at most {VALUE_MAX} characters in one value")
        other = seen.setdefault(name.upper(), (name, value))
        if other[0] != name and other[1] != value:
            raise refuse(plan, shell, name, f"Windows takes {other[0]} and {name} for one variable (names ignore case)")
