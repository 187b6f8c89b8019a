"""Text from outside (paths, names read from files) made safe to print on a terminal."""


def printable(text):
    """`text` with every control character (C0, DEL, C1) and bidirectional override written as
    an escape (`\\x1b`, `\\u202e`), so a hostile folder name cannot drive the terminal."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if ch.isprintable() or ch == " ":
            out.append(ch)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return "".join(out)


# ----------------------------------------------------------------------------- colour

COLOUR_CHOICES = ("auto", "always", "never")
_CODES = {"bold": "1", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def colour_on(choice, stream, env):
    """Whether to colour what goes to `stream`: --color always/never decides; auto colours a
    terminal only, never with NO_COLOR set to anything (no-color.org) or TERM=dumb."""
    if choice == "always":
        return True
    if choice == "never" or env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def paint(text, *styles, on=True):
    """`text` in ANSI `styles` (bold, red, green, yellow, cyan) when `on`; as it is otherwise."""
    if not on or not styles:
        return text
    return f"\x1b[{';'.join(_CODES[s] for s in styles)}m{text}\x1b[0m"
