"""The one capped reader (ccswitch.files): at most MAX_BYTES, binary files refused on request,
undecodable bytes refused or replaced, and every failure a one-line UsageError naming the file."""

import os
import sys

import pytest

from ccswitch import files, guard, settings
from ccswitch.errors import CCSwitchError, UsageError


def raises(reason, call, *args, **kwargs):
    with pytest.raises(files.Unreadable) as info:
        call(*args, **kwargs)
    assert info.value.reason == reason
    return info.value


def test_text_is_read_and_a_byte_order_mark_dropped(tmp_path):
    path = tmp_path / "a.env"
    path.write_bytes(b"\xef\xbb\xbfA=1\r\nB=\xc3\xa9\n")
    assert files.read_text(path) == "A=1\r\nB=\u00e9\n"  # no newline translation
    assert files.read_text(path, encoding="utf-8") == "\ufeffA=1\r\nB=\u00e9\n"


def test_the_cap_is_max_bytes_and_refuses_one_byte_more(tmp_path):
    path = tmp_path / "big"
    path.write_bytes(b"a" * files.MAX_BYTES)
    assert len(files.read_text(path)) == files.MAX_BYTES
    path.write_bytes(b"a" * (files.MAX_BYTES + 1))
    e = raises("large", files.read_text, path)
    assert isinstance(e, files.Refused) and str(e) == f"{path}: larger than 4 MiB; not read"


def test_a_smaller_cap(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"12345")
    assert files.read_text(path, limit=5) == "12345"
    assert str(raises("large", files.read_text, path, limit=4)) == f"{path}: larger than 4 bytes; not read"


def test_binary_is_refused_only_on_request_and_only_early(tmp_path):
    path = tmp_path / "bin"
    path.write_bytes(b"A=1\n\0\1\2")
    assert files.read_text(path) == "A=1\n\0\1\2"
    e = raises("binary", files.read_text, path, binary_ok=False)
    assert isinstance(e, files.Refused) and str(e).startswith(f"{path}: ")
    path.write_bytes(b"a" * files.SNIFF_BYTES + b"\0")  # a NUL past the first 8 KiB: text
    assert files.read_text(path, binary_ok=False).endswith("\0")


def test_invalid_utf8_is_refused_or_replaced(tmp_path):
    path = tmp_path / "latin1"
    path.write_bytes(b"A=caf\xe9\n")
    e = raises("encoding", files.read_text, path)
    assert isinstance(e, files.Refused) and str(e) == f"{path}: not UTF-8 (byte 5)"
    assert files.read_text(path, errors="replace") == "A=caf\ufffd\n"


def test_a_missing_file_names_what_it_should_have_been(tmp_path):
    path = tmp_path / "nope.env"
    e = raises("missing", files.read_text, path, ".env file")
    assert str(e) == f"no such .env file: {path}"
    assert isinstance(e, UsageError) and e.exit_code == 2 and not isinstance(e, files.Refused)
    assert str(raises("missing", files.read_text, path)) == f"no such file: {path}"


def test_a_folder_is_not_a_file(tmp_path):
    e = raises("folder", files.read_text, tmp_path, "TOML file")
    assert str(e) == f"{tmp_path} is a folder, not a TOML file"


def test_an_os_error_gives_its_reason(tmp_path):
    plain = tmp_path / "plain"
    plain.write_text("x")
    path = plain / "below"  # a file is not a folder
    e = raises("error", files.read_text, path)
    assert str(e) == f"{path}: cannot be read ({os.strerror(20)})" and not isinstance(e, files.Refused)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions that bind")
def test_an_unreadable_file(tmp_path):
    path = tmp_path / "secret"
    path.write_text("x")
    path.chmod(0)
    assert str(raises("error", files.read_text, path)) == f"{path}: cannot be read (Permission denied)"


def test_decode_checks_bytes_read_elsewhere():
    assert files.decode(b"\xef\xbb\xbfok", "blob") == "ok"
    assert raises("binary", files.decode, b"a\0", "blob", binary_ok=False).path == "blob"
    assert raises("large", files.decode, b"abc", "blob", limit=2).reason == "large"
    assert files.decode(b"\xff", "blob", errors="replace") == "\ufffd"


# ----------------------------------------------------------------------------- the callers keep their behaviour


def test_settings_reports_the_readers_message(tmp_path):
    path = tmp_path / "settings.json"
    path.write_bytes(b"{" + b" " * files.MAX_BYTES + b"}")
    assert settings.read_json(str(path)) == (None, f"{path}: larger than 4 MiB; not read")
    path.write_bytes(b'{"env": {"A": "\0"}}')  # NUL bytes are not refused here: JSON says what is wrong
    assert "invalid JSON" in settings.read_json(str(path))[1]


def test_guard_reads_binary_and_odd_files_as_bytes_but_fails_on_unreadable_ones(tmp_path):
    path = tmp_path / ".env"
    path.write_bytes(b"A=1\n\0")
    assert guard._read(str(path)) == b"A=1\n\0"  # scanned for keys as bytes, not skipped
    path.write_bytes(b"A=\xff\n")
    assert guard._read(str(path)) == b"A=\xff\n"
    assert guard.check_bytes(str(path), b"A=\xff\n") == []
    with pytest.raises(CCSwitchError) as info:
        guard._read(str(path / "below"))
    assert type(info.value) is CCSwitchError and info.value.exit_code == 1
    assert str(info.value) == f"{path / 'below'}: cannot be read ({os.strerror(20)})"


def test_a_fifo_or_device_is_refused_without_waiting(tmp_path):
    import os

    fifo = tmp_path / "settings.json"
    os.mkfifo(fifo)  # nobody ever writes: a blocking open would hang the command
    with pytest.raises(files.Unreadable, match="not a regular file"):
        files.read_text(str(fifo))
    with pytest.raises(files.Unreadable, match="not a regular file"):
        files.read_bytes("/dev/zero")


def test_a_project_file_is_capped_far_below_the_general_limit(tmp_path):
    from ccswitch import projects

    path = tmp_path / ".ccswitch"
    path.write_bytes(b"# " + b"x" * projects.FILE_MAX + b"\nroute = \"a\"\n")
    with pytest.raises(files.Refused, match="larger than 64 KiB"):
        projects.read(str(path))
    path.write_bytes(b'route = "a"\n')
    assert projects.read(str(path)) == b'route = "a"\n'
