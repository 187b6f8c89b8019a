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
