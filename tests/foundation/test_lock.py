"""The lock file is what every machine installs: it must say what pyproject.toml asks for,
and requirements.txt (its export for pip) must be exactly uv.lock's."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCK_FILES = ("vizora", "pyproject.toml", "uv.lock", "requirements.txt")


def check_lock(directory: Path) -> subprocess.CompletedProcess[str]:
    # The venv's own uv first: the one the lock installs.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return subprocess.run(
        ["sh", str(directory / "vizora"), "lock", "--check"],
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def copy_of_the_lock(tmp_path: Path) -> Path:
    for name in LOCK_FILES:
        shutil.copy2(ROOT / name, tmp_path / name)
    return tmp_path


def test_the_lock_agrees_with_pyproject_and_requirements_txt_is_its_export():
    result = check_lock(ROOT)

    assert result.returncode == 0, result.stderr


def test_a_dependency_added_to_pyproject_alone_fails_the_check(tmp_path: Path):
    directory = copy_of_the_lock(tmp_path)
    pyproject = directory / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace('"lark>=1.2",', '"lark>=1.2",\n    "six>=1.16",'))

    result = check_lock(directory)

    assert result.returncode == 1
    assert "uv.lock does not match pyproject.toml: run ./vizora lock" in result.stderr


def test_a_requirements_txt_edited_by_hand_fails_the_check(tmp_path: Path):
    directory = copy_of_the_lock(tmp_path)
    requirements = directory / "requirements.txt"
    requirements.write_text(requirements.read_text().replace("sqlglot==", "sqlglot>="))

    result = check_lock(directory)

    assert result.returncode == 1
    assert "requirements.txt is not uv.lock's export: run ./vizora lock" in result.stderr
