"""jsonedit: one member of a settings file changes, and not one other byte does."""

import copy
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccswitch.jsonedit import JsonEditError, delete_member, get_member, load, set_member

WHERE = re.compile(r"^line \d+, column \d+: \S")

# ----------------------------------------------------------------------------- a realistic file

SETTINGS = """{
  "$schema": "https://json.schemastore.org/claude-code-settings.json",
  "model": "claude-sonnet-4-5",
  "permissions": {
    "allow": [
      "Bash(npm run lint)",
      "Read(~/.zshrc)"
    ],
    "deny": ["Bash(curl:*)", "Read(./.env)"],
    "defaultMode": "acceptEdits"
  },
  "env": {
    "CLAUDE_CODE_ENABLE_TELEMETRY": "0",
    "MY_TOOL_HOME": "/opt/tool \\"quoted\\" \\\\ path",
    "GREETING": "héllo — 世界 😀"
  },
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Bash",
        "hooks": [{"type": "command", "command": "jq -r '.tool_input.command' >> ~/.claude/log.txt"}]
      }
    ]
  },
  "someFutureKey": {"nested": [1, 2.5e-3, -0, true, null]},

  "statusLine": {"type": "command", "command": "~/.claude/statusline.sh"}
}
"""


def test_a_new_env_variable_goes_last_in_env_and_nothing_else_moves():
    out = set_member(SETTINGS, ("env",), "ANTHROPIC_BASE_URL", "https://gw.example/v1")
    anchor = '"GREETING": "héllo — 世界 😀"'
    assert out == SETTINGS.replace(anchor, anchor + ',\n    "ANTHROPIC_BASE_URL": "https://gw.example/v1"')
    assert list(json.loads(out)) == list(json.loads(SETTINGS))
    assert list(json.loads(out)["env"])[-1] == "ANTHROPIC_BASE_URL"
    assert delete_member(out, ("env",), "ANTHROPIC_BASE_URL") == SETTINGS


def test_an_existing_member_changes_only_its_value_bytes():
    out = set_member(SETTINGS, ("env",), "CLAUDE_CODE_ENABLE_TELEMETRY", "1")
    assert out == SETTINGS.replace('"CLAUDE_CODE_ENABLE_TELEMETRY": "0"', '"CLAUDE_CODE_ENABLE_TELEMETRY": "1"')
    out = set_member(SETTINGS, (), "statusLine", {"type": "static", "padding": [0, 1]})
    new = '"statusLine": {\n    "type": "static",\n    "padding": [\n      0,\n      1\n    ]\n  }'
    assert out == SETTINGS.replace('"statusLine": {"type": "command", "command": "~/.claude/statusline.sh"}', new)


def test_a_top_level_member_is_added_after_the_last_one():
    out = set_member(SETTINGS, (), "apiKeyHelper", "~/bin/key $USER `id`")
    tail = '"~/.claude/statusline.sh"}'
    assert out == SETTINGS.replace(tail + "\n}", tail + ',\n  "apiKeyHelper": "~/bin/key $USER `id`"\n}')


def test_deleting_takes_the_member_its_comma_and_its_line():
    out = delete_member(SETTINGS, ("env",), "MY_TOOL_HOME")
    assert out == SETTINGS.replace('    "MY_TOOL_HOME": "/opt/tool \\"quoted\\" \\\\ path",\n', "")
    out = delete_member(SETTINGS, ("env",), "GREETING")
    assert out == SETTINGS.replace(' \\\\ path",\n    "GREETING": "héllo — 世界 😀"', ' \\\\ path"')
    out = delete_member(SETTINGS, (), "$schema")
    assert out == SETTINGS.replace('  "$schema": "https://json.schemastore.org/claude-code-settings.json",\n', "")
    assert delete_member(SETTINGS, ("env",), "NOT_THERE") == SETTINGS
    assert delete_member(SETTINGS, ("nowhere", "deeper"), "X") == SETTINGS


def test_deleting_the_last_member_leaves_empty_braces():
    text = '{\n  "env": {\n    "A": "1"\n  },\n  "x": 1\n}\n'
    assert delete_member(text, ("env",), "A") == '{\n  "env": {},\n  "x": 1\n}\n'
    assert delete_member('{"only": 1}', (), "only") == "{}"


def test_a_missing_env_block_is_created_at_the_file_indent():
    text = '{\n   "model": "opus",\n   "hooks": {}\n}'
    out = set_member(text, ("env",), "K", "v")
    assert out == '{\n   "model": "opus",\n   "hooks": {},\n   "env": {\n      "K": "v"\n   }\n}'
    out = set_member(text, ("hooks",), "Stop", [])
    assert out == '{\n   "model": "opus",\n   "hooks": {\n      "Stop": []\n   }\n}'


@pytest.mark.parametrize("unit", ["  ", "    ", "\t", "   "])
def test_the_indent_unit_is_copied(unit):
    text = json.dumps({"a": 1, "env": {}, "p": {"q": {}}}, indent=unit) + "\n"
    assert set_member(text, ("env",), "K", 1) == text.replace('"env": {}', f'"env": {{\n{unit * 2}"K": 1\n{unit}}}')
    out = set_member(text, ("p", "q"), "K", {"x": True})
    want = f'"q": {{\n{unit * 3}"K": {{\n{unit * 4}"x": true\n{unit * 3}}}\n{unit * 2}}}'
    assert out == text.replace('"q": {}', want)
    assert set_member(text, ("new",), "K", 1) == text[:-3] + f',\n{unit}"new": {{\n{unit * 2}"K": 1\n{unit}}}\n}}\n'


def test_mixed_indentation_is_copied_where_it_is():
    text = '{\n\t"env": {\n\t  "A": "1"\n\t},\n\t"deep": {\n\t  "x": {}\n\t}\n}\n'
    assert set_member(text, ("env",), "B", "2") == text.replace('"A": "1"', '"A": "1",\n\t  "B": "2"')
    assert set_member(text, ("deep", "x"), "k", 0) == text.replace('"x": {}', '"x": {\n\t    "k": 0\n\t  }')
    assert set_member(text, (), "z", 0) == text[:-3] + ',\n\t"z": 0\n}\n'


def test_one_line_objects_stay_on_one_line():
    assert set_member('{"a":1}', (), "b", {"c": [1, 2]}) == '{"a":1,"b":{"c":[1,2]}}'
    assert set_member('{"a": 1, "b": 2}', (), "c", {"d": 3}) == '{"a": 1, "b": 2, "c": {"d": 3}}'
    assert set_member('{"a":{}}', ("a",), "b", 1) == '{"a":{"b":1}}'
    text = '{\n  "env": {"A": "1"},\n  "x": 0\n}'
    assert set_member(text, ("env",), "B", "2") == '{\n  "env": {"A": "1", "B": "2"},\n  "x": 0\n}'
    assert set_member('{}', (), "a", 1) == '{\n  "a": 1\n}'  # a top-level object is spread out


def test_comma_first_and_spaced_colons_are_copied():
    text = '{ "a" : 1\n, "b" : 2\n}'
    assert set_member(text, (), "c", 3) == '{ "a" : 1\n, "b" : 2\n, "c" : 3\n}'
    assert delete_member(text, (), "a") == '{ "b" : 2\n}'
    assert delete_member(text, (), "b") == '{ "a" : 1\n}'


def test_line_endings_and_the_final_newline_are_kept():
    crlf = '{\r\n  "env": {\r\n    "A": "1"\r\n  }\r\n}\r\n'
    out = set_member(crlf, ("env",), "B", {"x": 1})
    assert out == '{\r\n  "env": {\r\n    "A": "1",\r\n    "B": {\r\n      "x": 1\r\n    }\r\n  }\r\n}\r\n'
    out = set_member(crlf, ("new",), "K", 1)
    assert "\n" not in out.replace("\r\n", "") and out.endswith("}\r\n")
    assert set_member('{"a": 1}\n\n', (), "a", 2) == '{"a": 2}\n\n'
    assert set_member('{\n  "a": 1\n}', (), "b", 2) == '{\n  "a": 1,\n  "b": 2\n}'


@pytest.mark.parametrize("blank", ["", " ", "\n", "  \n\t\n"])
def test_an_empty_file_reads_as_an_empty_object(blank):
    assert set_member(blank, (), "key", "value") == '{\n  "key": "value"\n}\n'
    assert set_member(blank, ("env",), "K", 1) == '{\n  "env": {\n    "K": 1\n  }\n}\n'
    assert get_member(blank, ("env",), "K") == (False, None)
    assert delete_member(blank, (), "key") == blank
    assert set_member("\r\n", (), "k", 1) == '{\r\n  "k": 1\r\n}\r\n'


def test_duplicate_keys_the_last_one_counts():
    text = '{"a": 1, "b": 0, "a": 2}'
    assert load(text) == {"a": 2, "b": 0}
    assert get_member(text, (), "a") == (True, 2)
    assert set_member(text, (), "a", 3) == '{"a": 1, "b": 0, "a": 3}'
    assert delete_member(text, (), "a") == '{"b": 0}'
    assert set_member('{"env": 1, "env": {}}', ("env",), "K", 1) == '{"env": 1, "env": {"K": 1}}'
    assert get_member('{"env": {"K": 1}, "env": {}}', ("env",), "K") == (False, None)


def test_keys_are_compared_after_decoding_escapes():
    text = '{"\\u0065nv": {"A\\/B": 1}}'
    assert get_member(text, ("env",), "A/B") == (True, 1)
    assert set_member(text, ("env",), "A/B", 2) == '{"\\u0065nv": {"A\\/B": 2}}'


def test_get_member():
    assert get_member(SETTINGS, ("permissions",), "deny") == (True, ["Bash(curl:*)", "Read(./.env)"])
    assert get_member(SETTINGS, ("env",), "GREETING") == (True, "héllo — 世界 😀")
    assert get_member(SETTINGS, (), "someFutureKey") == (True, {"nested": [1, 2.5e-3, 0, True, None]})
    assert get_member(SETTINGS, ("env",), "NONE") == (False, None)
    assert get_member(SETTINGS, ("absent", "more"), "x") == (False, None)
    assert get_member('{"n": null}', (), "n") == (True, None)


# ----------------------------------------------------------------------------- quoting

TRICKY = ['say "hi"', "C:\\dir\\", "$HOME $(id) `id` ${X}", "two\nlines\r\n\ttab", "\x00\x1f\x7f",
          "ünïcödé — 世界 😀 \u2028\u2029", "x" * 100_000, "", "'single'", "\\u0041", "/*no*/ //no"]


@pytest.mark.parametrize("s", TRICKY)
def test_tricky_strings_are_written_exactly(s):
    out = set_member(SETTINGS, ("env",), s, s)
    assert json.loads(out)["env"][s] == s
    assert get_member(out, ("env",), s) == (True, s)
    assert f"{json.dumps(s, ensure_ascii=False)}: {json.dumps(s, ensure_ascii=False)}" in out
    assert delete_member(out, ("env",), s) == SETTINGS


def test_a_lone_surrogate_is_escaped_so_the_file_stays_utf8():
    out = set_member("{}", (), "k", "a\ud800b")
    assert out == '{\n  "k": "a\\ud800b"\n}' and load(out) == {"k": "a\ud800b"}
    out.encode("utf-8")


def test_values_that_are_not_json_are_refused():
    with pytest.raises(JsonEditError):
        set_member("{}", (), "k", float("nan"))
    with pytest.raises(JsonEditError):
        set_member("{}", (), "k", object())
    with pytest.raises(TypeError):
        set_member("{}", (), 1, 1)
    with pytest.raises(TypeError):
        set_member("{}", "env", "k", 1)


# ----------------------------------------------------------------------------- bad JSON


@pytest.mark.parametrize("text, where", [
    ('{\n  "a": 1,\n}\n', "line 3, column 1"),              # trailing comma
    ('{\n  // comment\n  "a": 1\n}', "line 2, column 3"),    # comment
    ("{'a': 1}", "line 1, column 2"),                        # single quotes
    ('{"a": ', "line 1, column 7"),                          # truncated
    ('{"a": "b', "line 1, column 7"),                        # unterminated string
    ('{"a": NaN}', "line 1, column 7"),
    ('{"a": [1, -Infinity]}', "line 1, column 11"),
    ('{"a": 1} {"b": 2}', "line 1, column 10"),              # extra data
    ('{"a": "tab\there"}', "line 1, column 11"),             # raw control character
    ("\ufeff{}", "line 1, column 1"),                        # BOM
    ('{"a": 01}', "line 1, column 8"),
])
def test_bad_json_says_where(text, where):
    for call in (lambda: load(text), lambda: set_member(text, (), "k", 1),
                 lambda: get_member(text, (), "k"), lambda: delete_member(text, (), "k")):
        with pytest.raises(JsonEditError, match=f"^{where}: ") as caught:
            call()
        assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("text", ["[" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000, "[" * 5000 + "]" * 5000])
def test_very_deep_nesting_is_a_json_edit_error(text):
    for call in (lambda: load(text), lambda: set_member(text, (), "k", 1), lambda: delete_member(text, (), "k")):
        with pytest.raises(JsonEditError, match="^line 1, column [0-9]+: nesting too deep"):
            call()


def test_a_path_through_something_else_is_refused():
    with pytest.raises(JsonEditError, match='^line 1, column 9: "env" is not an object'):
        set_member('{"env": "x"}', ("env",), "K", 1)
    with pytest.raises(JsonEditError, match=r'^line 2, column 12: "a" > "b" is not an object'):
        set_member('{"a": {\n      "b": []}}', ("a", "b", "c"), "K", 1)
    for call in (get_member, delete_member):
        with pytest.raises(JsonEditError, match="is not an object"):
            call('{"env": null}', ("env",), "K")
    with pytest.raises(JsonEditError, match="^line 2, column 1: the top-level value is not an object"):
        set_member('\n["a"]', (), "k", 1)


def test_huge_integers_read_as_numbers_like_json_parse():
    text = '{"n": ' + "9" * 5000 + "}"
    assert load(text) == {"n": float("inf")}
    assert set_member(text, (), "m", 1) == text[:-1] + ', "m": 1}'


# ----------------------------------------------------------------------------- properties

KEYS = st.text(max_size=6) | st.sampled_from(["env", "hooks", 'q"uote', "back\\slash", "$HOME", "`tick`", "ünï", "\u2028", "😀", "/"])
NUMBERS = st.sampled_from(["0", "-0", "-0.0", "1e5", "1E+2", "-2.5e-3", "12345678901234567890", "0.1", "-7", "3.0E-0"])
SCALARS = (st.none() | st.booleans() | st.integers(-(10**20), 10**20)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=10) | st.sampled_from(TRICKY[:6] + ["y" * 3000]))
VALUES = st.recursive(SCALARS, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(KEYS, kids, max_size=3), max_leaves=8)
TREES = st.recursive(SCALARS | NUMBERS.map(lambda n: Num(n)),
                     lambda kids: st.lists(kids, max_size=3) | st.dictionaries(KEYS, kids, max_size=4), max_leaves=15)
STYLES = st.fixed_dictionaries({
    "unit": st.sampled_from([None, "", " ", "  ", "   ", "    ", "\t", "\t  ", "random"]),
    "nl": st.sampled_from(["\n", "\r\n"]),
    "colon": st.sampled_from([":", ": ", " : ", ":\t"]),
    "comma": st.sampled_from([",", ", "]),
    "escape": st.sampled_from([0.0, 0.3, 1.0]),
})
SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f", "/": "\\/"}


class Num(str):
    """A number as spelled in the text."""


def quote(s, rnd, escape):
    out = ['"']
    for ch in s:
        code = ord(ch)
        must = ch in '"\\' or code < 0x20
        if not must and rnd.random() >= escape:
            out.append(ch)
        elif ch in SHORT and rnd.random() < 0.5:
            out.append(SHORT[ch])
        elif code > 0xFFFF:
            code -= 0x10000
            out.append("\\u%04x\\u%04X" % (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)))
        else:
            out.append(("\\u%04x" if rnd.random() < 0.5 else "\\u%04X") % code)
    return "".join(out) + '"'


def render(tree, style, rnd):
    """The text of `tree`, and for each object reached through keys: (open, close, members)."""
    out, spans, unit = [], {}, style["unit"]
    pos = 0

    def emit(s):
        nonlocal pos
        out.append(s)
        pos += len(s)

    def gap(depth):  # before an item (depth >= 0) or before a closing bracket
        if unit == "random":
            emit(rnd.choice(["", "", " ", "\n", "\t", "\r\n", "  \n  ", "\n\n"]))
        elif unit is not None:
            emit(style["nl"] + unit * depth)

    def value(v, depth, path):
        if isinstance(v, dict):
            o = pos
            emit("{")
            members = []
            for n, (k, item) in enumerate(v.items()):
                if n:
                    emit("," if unit is not None else style["comma"])
                gap(depth + 1)
                ks = pos
                emit(quote(k, rnd, style["escape"]))
                emit(style["colon"] if unit != "random" else rnd.choice(["", " ", "\n"]) + ":" + rnd.choice(["", " ", "\n"]))
                vs = pos
                value(item, depth + 1, None if path is None else path + (k,))
                members.append((k, ks, vs, pos))
            if v:
                gap(depth)
            if path is not None:
                spans[path] = (o, pos, members)
            emit("}")
        elif isinstance(v, list):
            emit("[")
            for n, item in enumerate(v):
                emit("," if n else "")
                gap(depth + 1)
                value(item, depth + 1, None)
            if v:
                gap(depth)
            emit("]")
        elif isinstance(v, Num):
            emit(str(v))
        elif isinstance(v, str):
            emit(quote(v, rnd, style["escape"]))
        else:
            emit(json.dumps(v))

    if unit == "random":
        emit(rnd.choice(["", "\n", " \t "]))
    value(tree, 0, ())
    emit(rnd.choice(["", "\n", style["nl"]]))
    return "".join(out), spans


@st.composite
def documents(draw):
    tree = draw(st.dictionaries(KEYS, TREES, max_size=5))
    text, spans = render(tree, draw(STYLES), draw(st.randoms(use_true_random=False)))
    return text, spans, json.loads(text)


def at(doc, path):
    for k in path:
        doc = doc[k]
    return doc


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_set_changes_that_member_and_no_byte_outside_it(document, data):
    text, spans, doc = document
    path = data.draw(st.sampled_from(sorted(spans, key=repr)), label="path")
    existing = list(at(doc, path))
    extra = data.draw(st.lists(KEYS, max_size=2).filter(lambda e: not e or e[0] not in existing), label="missing")
    key = data.draw(st.sampled_from(existing) | KEYS if existing and not extra else KEYS, label="key")
    value = data.draw(VALUES, label="value")
    out = set_member(text, path + tuple(extra), key, value)

    want = copy.deepcopy(doc)
    target = at(want, path)
    for k in extra:
        target = target.setdefault(k, {})
    target[key] = value
    assert json.loads(out) == want
    assert get_member(out, path + tuple(extra), key) == (True, value)

    o, close, members = spans[path]
    if not extra and key in existing:  # only the value's bytes
        _, _, vs, ve = next(m for m in members if m[0] == key)
        assert out.startswith(text[:vs]) and out.endswith(text[ve:])
    elif members:  # one insertion right after the last value, opening with its comma
        ve = members[-1][3]
        added = out[ve:len(out) - len(text) + ve]
        assert out == text[:ve] + added + text[ve:]
        assert added.lstrip(" \t\r\n").startswith(",")
    else:  # an empty object filled in
        assert out.startswith(text[:o + 1]) and out.endswith(text[close:])


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_delete_removes_that_member_and_no_byte_outside_its_place(document, data):
    text, spans, doc = document
    path = data.draw(st.sampled_from(sorted(spans, key=repr)), label="path")
    o, close, members = spans[path]
    key = data.draw(st.sampled_from([m[0] for m in members]) | KEYS if members else KEYS, label="key")
    out = delete_member(text, path, key)

    want = copy.deepcopy(doc)
    at(want, path).pop(key, None)
    assert json.loads(out) == want
    assert get_member(out, path, key) == (False, None)
    if key not in at(doc, path):
        assert out == text
        return
    n = next(i for i, m in enumerate(members) if m[0] == key)
    lo = members[n - 1][3] if n else o + 1
    hi = members[n + 1][1] if n + 1 < len(members) else close
    cut = len(text) - len(out)
    assert any(out == text[:a] + text[a + cut:] and members[n][3] <= a + cut <= hi
               for a in range(lo, members[n][1] + 1))


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_set_then_delete_of_a_new_key_gives_back_the_text(document, data):
    text, spans, doc = document
    paths = [p for p, (o, close, members) in spans.items() if members or close == o + 1]  # not `{ }`
    path = data.draw(st.sampled_from(sorted(paths, key=repr)), label="path")
    key = data.draw(KEYS.filter(lambda k: k not in at(doc, path)), label="key")
    value = data.draw(VALUES, label="value")
    assert delete_member(set_member(text, path, key, value), path, key) == text


@pytest.mark.parametrize("indent", [2, 4, "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_round_trip_on_pretty_files(indent, newline):
    text = (json.dumps(json.loads(SETTINGS), indent=indent, ensure_ascii=False) + "\n").replace("\n", newline)
    for path in [(), ("env",), ("hooks",), ("permissions",)]:
        for value in ["v", {"a": [1, {"b": None}]}, [], {}]:
            out = set_member(text, path, "NEW", value)
            assert newline == "\r\n" or "\r" not in out
            assert delete_member(out, path, "NEW") == text


@settings(max_examples=300, deadline=None)
@given(documents(), st.data())
def test_damaged_text_is_a_json_edit_error_or_an_edit(document, data):
    text = document[0]
    i = data.draw(st.integers(0, len(text)), label="at")
    how = data.draw(st.sampled_from(["cut", "drop", "insert"]), label="how")
    if how == "cut":
        text = text[:i]
    elif how == "drop":
        text = text[:i] + text[i + 1:]
    else:
        text = text[:i] + data.draw(st.sampled_from(list(',:[]{}"\'\\/ x0-e\n') + ["//", "/*", "NaN"])) + text[i:]
    try:
        json.loads(text, parse_constant=lambda c: 1 / 0)
        valid = True
    except (ValueError, ZeroDivisionError):
        valid = False
    key = data.draw(KEYS, label="key")
    for call in (lambda: load(text), lambda: set_member(text, (), key, 1),
                 lambda: get_member(text, (), key), lambda: delete_member(text, (), key)):
        try:
            call()
        except JsonEditError as e:
            assert WHERE.match(str(e)), str(e)
            assert not valid or not text.strip(" \t\r\n").startswith("{")
        else:
            assert valid or not text.strip(" \t\r\n")


@given(st.text(max_size=40))
def test_any_text_is_a_json_edit_error_or_an_edit(text):
    for call in (lambda: load(text), lambda: set_member(text, ("env",), "K", "v"),
                 lambda: get_member(text, ("env",), "K"), lambda: delete_member(text, ("env",), "K")):
        try:
            call()
        except JsonEditError as e:
            assert WHERE.match(str(e)), str(e)
