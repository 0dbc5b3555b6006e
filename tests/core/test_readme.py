"""The README's commands run as written: every ``dtapi`` command it shows exists and takes the
options it is given, every ``make`` target exists, and ``make shell`` puts ``dtapi`` on the PATH.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
DTAPI = ".venv/bin/dtapi"


def shell_blocks(markdown: str) -> list[str]:
    """The commands of the ``sh`` blocks, continuation lines joined, comments left in."""
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", markdown, re.MULTILINE | re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                commands.append(line.strip())
    return commands


def inline_commands(markdown: str) -> list[str]:
    """Inline code that is a ``dtapi`` or ``make`` command (more than the bare word)."""
    prose = re.sub(r"^```.*?^```", "", markdown, flags=re.MULTILINE | re.DOTALL)
    spans = re.findall(r"`([^`\n]+)`", prose)
    return [s for s in spans if re.match(r"(\S+=\S+ )*(\.venv/bin/dtapi|dtapi|make) \S", s)]


def make_targets() -> set[str]:
    text = (REPO / "Makefile").read_text()
    return set(re.findall(r"^([a-z][a-z-]*):", text, re.MULTILINE))


def check_dtapi(args: list[str], *, whole: bool = True) -> None:
    """``args`` (after the program) name a management command and, for a ``whole`` command,
    parse as its options."""
    name = args[0]
    commands = get_commands()
    assert name in commands, f"no dtapi command {name!r}"
    if whole:
        command = load_command_class(commands[name], name)
        parser = command.create_parser("dtapi", name)
        parser.parse_args(args[1:])  # raises CommandError for an unknown or missing option


def check(command: str, *, inline: bool = False) -> str:
    words = shlex.split(command, comments=True)
    while words and re.match(r"^[A-Z_]+=", words[0]):
        words.pop(0)  # VAR=value before the program
    program, args = words[0], words[1:]
    if program == "make":
        for target in args:
            assert "=" in target or target in make_targets(), f"no make target {target!r}"
    elif program.endswith("dtapi"):
        # From a fresh clone `dtapi` is not on the PATH: blocks run it from the venv.
        assert inline or program == DTAPI, f"{command!r} should run {DTAPI}"
        check_dtapi(args, whole=not inline)  # prose may name a command without its arguments
    else:
        assert shutil.which(program), f"{program!r} is not installed here"
    return program


def test_readme_shows_commands():
    text = README.read_text()
    programs = [check(c) for c in shell_blocks(text)]
    assert programs.count("make") >= 3
    assert programs.count(DTAPI) >= 9


@pytest.mark.parametrize("command", shell_blocks(README.read_text()))
def test_each_readme_command_runs_as_written(command):
    check(command)


@pytest.mark.parametrize("command", inline_commands(README.read_text()))
def test_each_command_named_in_readme_prose_exists(command):
    check(command, inline=True)


def test_the_checks_catch_a_wrong_command():
    with pytest.raises(AssertionError, match="no dtapi command 'nosuch'"):
        check(f"{DTAPI} nosuch --x")
    with pytest.raises(AssertionError, match="should run .venv/bin/dtapi"):
        check("dtapi notify status")
    with pytest.raises(Exception, match="unrecognized arguments: --nosuch"):
        check(f"{DTAPI} ballot open --doc x --nosuch")
    with pytest.raises(AssertionError, match="no make target 'nosuch'"):
        check("make nosuch")


def test_venv_dtapi_exists():
    assert (REPO / DTAPI).is_file() and os.access(REPO / DTAPI, os.X_OK)


def test_make_shell_puts_dtapi_on_the_path():
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    env["SHELL"] = "/bin/bash"
    done = subprocess.run(
        ["make", "-s", "shell"],
        cwd=REPO,
        input="command -v dtapi\ndtapi help ballot | head -1\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert str(REPO / DTAPI) in lines
    assert any(line.startswith("usage: dtapi ballot") for line in lines)
