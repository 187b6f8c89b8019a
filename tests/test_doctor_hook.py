"""`ccswitch doctor` through each hook, on a real terminal (hookkit): the hook loaded and up to
date, an older hook, a shell without the hook, completion registered or not, and a hostile
CCSWITCH_HOOK in the environment.  PowerShell cannot run here: its hook is checked as text.

The hooks give `ccswitch doctor`, and only it, a mark for that one run (CCSWITCH_HOOK='SHELL
REV COMPLETION'); the program judges it (see ccswitch.shells.MARKER, ccswitch.doctor).
"""

import json
import re
from pathlib import Path

import pytest

from ccswitch import shells
from hookkit import DRIVERS, PROMPT, Session
from truthkit import validate

# how each shell runs `ccswitch doctor` into a file: the hook's command where it is loaded
DOCTOR = {"nu": "ccswitch doctor {args} | save -f '{path}'"}
DOCTOR_DEFAULT = "ccswitch doctor {args} > '{path}'"
# and the program on PATH past the hook, started by the shell all the same (env(1) becomes it)
BYPASS = {"elvish": "e:env ccswitch doctor {args} > '{path}'", "nu": "^env ccswitch doctor {args} | save -f '{path}'"}
BYPASS_DEFAULT = "env ccswitch doctor {args} > '{path}'"
# what each shell says about completion in hookkit's sessions: zsh is started with -f (no
# compinit); tcsh, elvish and xonsh get no completion from init
COMPLETION = {"bash": "registered", "zsh": "nocompinit", "fish": "registered", "nu": "registered",
              "tcsh": "none", "elvish": "none", "xonsh": "none"}
SHELLS = list(DRIVERS)
OLD = "0123456789ab"


def doctor(session, template=None, args="--json"):
    """Run doctor at the session's prompt: (its JSON, validated, or its text; what the terminal showed)."""
    session.dumps += 1
    path = session.tmp / f"doctor-{session.driver.name}-{session.dumps}"
    line = (template or DOCTOR.get(session.driver.name, DOCTOR_DEFAULT)).format(args=args, path=path)
    shown = session.run(line).out
    text = path.read_text()
    if args != "--json":
        return text, shown
    data = json.loads(text)
    validate(data, "doctor")
    return data, shown


def findings(data, check):
    return [f for f in data["findings"] if f["check"] == check]


@pytest.fixture
def session_of(env, tmp_path):
    """Sessions of a driver (a Session class and extra environment), closed at the end."""
    opened = []

    def start(name, kind=Session, **extra):
        s = kind(DRIVERS[name], type(env)(env.home, **{**env, **extra}), tmp_path)
        opened.append(s)
        return s

    yield start
    for s in opened:
        s.close()


class OlderHook(Session):
    """A session whose hook is `ccswitch init`'s text with another rev: a hook loaded from an
    older ccswitch."""

    def _render(self, env, name=None):
        path = super()._render(env, name)
        text = path.read_text()
        rev = shells.get(self.driver.name).hook_rev()
        assert rev in text
        path.write_text(text.replace(rev, OLD))
        return path


class Plain(Session):
    """A session of the same shell, the same prompt, no hook loaded."""

    def _begin(self):
        self.child.expect(self.driver.start)
        for line in self.driver.setup:
            self.child.sendline(line)
            self.child.expect(PROMPT)
        self.loaded = None


@pytest.mark.parametrize("name", SHELLS)
def test_doctor_sees_the_hook_loaded_and_current(session_of, name):
    s = session_of(name)
    s.runs()
    data, shown = doctor(s)
    rev = shells.get(name).hook_rev()
    state = COMPLETION[name]
    assert data["hook"] == {"shell": name, "status": "current", "rev": rev, "expected": rev, "completion": state}, shown
    (hook,) = findings(data, "hook")
    assert hook["severity"] == "ok" and hook["message"] == (
        f"the {name} hook is loaded in this shell and is what `ccswitch init {name}` prints now")
    severity, message, _fix = shells.get(name).completion_finding(state)
    completion = findings(data, "completion")
    assert completion[0]["severity"] == severity and completion[0]["message"].startswith(message)
    if state == "registered":
        assert [f["severity"] for f in completion] == ["ok"], completion
        assert "route names come from `ccswitch list --names`, which answers" in completion[0]["message"]
    assert any(run.startswith("doctor --json") for run in s.runs()), "doctor ran through the hook's interpreter"
    assert "CCSWITCH_HOOK" not in s.env(), "the mark is for that one run, never in the shell"
    assert data["ok"] is True
    # only doctor gets it: a program started by another command through the hook never sees it
    seen = s.tmp / f"exec-env-{name}"
    s.run(f"ccswitch exec login -- env > '{seen}'" if name != "nu" else f"ccswitch exec login -- env | save -f '{seen}'")
    assert "PATH=" in seen.read_text() and "CCSWITCH_HOOK" not in seen.read_text()


@pytest.mark.parametrize("name", SHELLS)
def test_an_older_hook_is_out_of_date(session_of, name):
    s = session_of(name, OlderHook)
    data, shown = doctor(s)
    rev = shells.get(name).hook_rev()
    assert data["hook"]["status"] == "outdated" and data["hook"]["rev"] == OLD and data["hook"]["expected"] == rev, shown
    (hook,) = findings(data, "hook")
    assert hook["severity"] == "warn" and f"(rev {OLD}, now {rev})" in hook["message"]
    assert hook["fix"] == shells.get(name).reload_text()


@pytest.mark.parametrize("name", SHELLS)
def test_a_shell_without_the_hook(session_of, name):
    s = session_of(name, Plain)
    data, shown = doctor(s)  # no hook: `ccswitch` is the program on PATH
    assert data["hook"]["status"] == "absent", shown
    (hook,) = findings(data, "hook")
    unit = shells.get(name)
    assert hook["severity"] == "info"
    assert f"ccswitch ran from {name} as a program, not through its hook" in hook["message"]
    assert unit.init[1] in hook["fix"]
    assert [f["severity"] for f in findings(data, "completion")] == ["ok"]  # route names answer; registration unknown


@pytest.mark.parametrize("name", SHELLS)
def test_a_hostile_mark_in_the_environment_is_never_shown(session_of, name, tmp_path):
    """Through the hook its own mark replaces it; past the hook it is ignored, and not printed."""
    hostile = f"bash {OLD} registered $(touch '{tmp_path}/pwned') \x1b]0;PWNED\x07"
    s = session_of(name, CCSWITCH_HOOK=hostile)
    data, shown = doctor(s)
    assert data["hook"]["status"] == "current"
    bypass = BYPASS.get(name, BYPASS_DEFAULT)
    data, shown = doctor(s, bypass)
    assert data["hook"]["status"] == "ignored", shown
    (warn,) = [f for f in findings(data, "hook") if f["severity"] == "warn"]
    assert "is not a mark a ccswitch hook leaves" in warn["message"]
    text, shown = doctor(s, bypass, args="--color never")
    assert "CCSWITCH_HOOK is set and is not a mark a ccswitch hook leaves; ignored" in text
    assert "PWNED" not in text + shown + json.dumps(data) and "pwned" not in text + json.dumps(data)
    assert not (tmp_path / "pwned").exists()


def test_bash_completion_removed_is_a_warning(session_of):
    s = session_of("bash")
    s.run("complete -r ccswitch")
    data, _ = doctor(s)
    assert data["hook"]["completion"] == "missing"
    (warn,) = findings(data, "completion")
    assert warn["severity"] == "warn" and "not registered in this bash shell" in warn["message"]
    assert 'eval "$(ccswitch init bash)"' in warn["fix"]
    s.run(f"source '{s.hook}'")
    data, _ = doctor(s)
    assert data["hook"]["completion"] == "registered" and findings(data, "completion")[0]["severity"] == "ok"


def test_zsh_completion_needs_compinit_before_the_hook(session_of):
    s = session_of("zsh")
    (warn,) = findings(doctor(s)[0], "completion")
    assert warn["severity"] == "warn" and "no compinit" in warn["message"] and "autoload -Uz compinit" in warn["fix"]
    s.run("autoload -Uz compinit && compinit -u -D")  # after the hook, whose compdef found no compinit
    data, _ = doctor(s)
    assert data["hook"]["completion"] == "missing"
    assert "load the hook after compinit" in findings(data, "completion")[0]["fix"]
    s.run(f"source '{s.hook}'")
    data, _ = doctor(s)
    assert data["hook"]["completion"] == "registered" and findings(data, "completion")[0]["severity"] == "ok"


def test_fish_completion_erased_is_a_warning(session_of):
    s = session_of("fish")
    s.run("complete -c ccswitch -e")
    data, _ = doctor(s)
    assert data["hook"]["completion"] == "missing" and findings(data, "completion")[0]["severity"] == "warn"


# ----------------------------------------------------------------------------- the hooks' text


@pytest.mark.parametrize("name", shells.hooked())
def test_each_hook_marks_doctor_with_the_rev_of_its_init_text(name):
    """The rev is that of `ccswitch init SHELL` for this interpreter, --prompt or not, and every
    word the hook may report about completion is one the unit knows."""
    unit = shells.unit(name)
    text = unit.init_script()
    rev = unit.hook_rev()
    assert re.fullmatch(r"[0-9a-f]{12}", rev) and shells.REV_FIELD not in text and rev in text
    if unit.prompt_prefix:
        assert rev in unit.init_script(prompt=True)
    assert unit.hook_rev("/elsewhere/bin/python3") != rev and unit.hook_rev("/elsewhere/bin/python3") in unit.init_script(
        python="/elsewhere/bin/python3")
    if name == "tcsh":  # the init line keeps the rev; the hook file it sources writes the mark
        assert f"set _ccswitch_rev = {rev} ;" in text
        text = (Path(shells.data_dir("shell")) / "ccswitch.tcsh").read_text().replace("$_ccswitch_rev:q", rev)
    marks = re.findall(rf"{name} {rev} ([$(]*\w+)", text)  # a word, or the variable holding it
    assert marks, "the hook writes its mark"
    assert {m for m in marks if m[0] not in "$("} <= set(unit.completion_states), marks
    for state in unit.completion_states:  # each one the hook can write
        assert re.search(rf"\b{state}\b", text), state


def test_pwsh_doctor_branch_known_good_text():
    """PowerShell cannot run here: the doctor branch is checked as text."""
    text = shells.get("pwsh").init_script()
    rev = shells.get("pwsh").hook_rev()
    hook = text[: text.index("Register-ArgumentCompleter")]
    body = hook[hook.index("function global:ccswitch {"):hook.index("function global:ccswitch_prompt")]
    # use/reset first and unchanged; doctor after allow/deny, before the plain pass-through
    assert body.index("_ccswitch_apply @args --shell pwsh") < body.index("$args[0] -eq 'doctor'") < body.index(
        "$input | _ccswitch_run @args")
    branch = body[body.index("$args[0] -eq 'doctor'"):body.index("} elseif ($MyInvocation.ExpectingInput)")]
    assert "(TabExpansion2 -inputScript 'ccswitch ' -cursorColumn 9).CompletionMatches" in branch
    assert "$_.CompletionText -eq 'use'" in branch and "$completion = 'registered'" in branch
    assert f'$env:CCSWITCH_HOOK = "pwsh {rev} $completion"' in branch
    assert "try { _ccswitch_run @args } finally { $env:CCSWITCH_HOOK = $saved }" in branch  # restored, even on Ctrl-C
    assert branch.index("$saved = $env:CCSWITCH_HOOK") < branch.index('$env:CCSWITCH_HOOK = "pwsh')
    assert shells.get("powershell").init_script() == text
