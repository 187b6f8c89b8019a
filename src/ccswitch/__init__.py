"""ccswitch: switch Claude Code between its routes without leaking a stale variable."""

__version__ = "0.1.0"
