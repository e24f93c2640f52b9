"""The locks agree with pyproject.toml: every version requirements.txt (a deploy) and
requirements-dev.txt (make test) pin lies inside the declared bounds, with a hash for each file;
the two locks pin the same runtime versions; and requirements-floor.txt (make test-floor) holds
every direct dependency at exactly its declared floor, so a floor is what a test run used.
`make lock` renews all three."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = [Requirement(line) for line in
           PROJECT["dependencies"] + PROJECT["optional-dependencies"]["app"]]
DEV = [Requirement(line) for line in PROJECT["optional-dependencies"]["dev"]]

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(\S+)")


def locked(name: str) -> dict[str, tuple[Version, list[str]]]:
    """A lock's pins: name -> (version, the file hashes that follow it)."""
    pins: dict[str, tuple[Version, list[str]]] = {}
    current = None
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match.group(1))
            pins[current] = (Version(match.group(2)), [])
        if current and "--hash=sha256:" in line:
            pins[current][1].append(line.split("--hash=sha256:")[1].split()[0])
    return pins


@pytest.mark.parametrize(("lock", "declared"), [("requirements.txt", RUNTIME),
                                                ("requirements-dev.txt", RUNTIME + DEV)])
def test_every_locked_version_lies_inside_the_declared_bounds(lock, declared):
    pins = locked(lock)
    assert pins, f"{lock} pins nothing"
    for requirement in declared:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock} does not lock {requirement} (make lock)"
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), \
            f"{lock} pins {name}=={version}, outside pyproject.toml's {requirement}"
    unhashed = sorted(name for name, (_, hashes) in pins.items() if not hashes)
    assert not unhashed, f"{lock}: no hash for {unhashed} (pip --require-hashes refuses it)"


def test_make_test_runs_the_versions_a_deploy_installs():
    deploy, dev = locked("requirements.txt"), locked("requirements-dev.txt")
    differ = {name: (version, dev.get(name, (None,))[0])
              for name, (version, _) in deploy.items() if dev.get(name, (None,))[0] != version}
    assert not differ, f"requirements.txt vs requirements-dev.txt: {differ}"


def test_the_floor_lock_holds_every_direct_dependency_at_its_declared_floor():
    floor = locked("requirements-floor.txt")
    for requirement in RUNTIME + DEV:
        lows = [Version(spec.version) for spec in requirement.specifier
                if spec.operator == ">="]
        assert len(lows) == 1, f"pyproject.toml: {requirement} needs one floor (>=)"
        name = canonicalize_name(requirement.name)
        assert floor.get(name, (None,))[0] == lows[0], \
            f"requirements-floor.txt has {name} {floor.get(name, (None,))[0]}, not its " \
            f"declared floor {lows[0]}: raise the floor in pyproject.toml and run make lock"
