"""Audit the pinned requirements for known vulnerabilities (pip-audit), against a reviewed allow-list.

    python scripts/pip_audit.py            # what `make lint` runs

Exit 0: no known vulnerability beyond the allow-list, or the vulnerability data could not be
reached (said on one line beginning "pip-audit: NOT CHECKED", so that nobody mistakes it for a
pass). Exit 1: a vulnerability that security/pip-audit-allowlist.txt does not explain, an
allow-list line without its reason or review date, or pip-audit failing for another reason.

pip-audit looks each pinned package up in the package index's vulnerability data. Where the
index cannot be reached, or answers "not found" for every package (a mirror without that data),
nothing was checked; that must not fail a build made offline, and must not pass in silence.
"""

from __future__ import annotations

import datetime
import json
import re
import subprocess  # nosec B404 # bandit: runs pip-audit, never a shell
import sys
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
ALLOWLIST = BASE_DIR / "security" / "pip-audit-allowlist.txt"
REQUIREMENTS = [BASE_DIR / "requirements.txt", BASE_DIR / "requirements-dev.txt"]

# What pip-audit (and requests under it) say when the vulnerability service is out of reach.
UNREACHABLE = re.compile(
    r"ConnectionError|ConnectTimeout|ReadTimeout|Max retries exceeded|NameResolutionError|"
    r"Temporary failure in name resolution|Name or service not known|Could not connect|"
    r"network may be blocking|ProxyError|SSLError|timed out",
)
LINE = re.compile(r"^(?P<id>\S+)\s+(?P<reviewed>\d{4}-\d{2}-\d{2})\s+(?P<reason>\S.*)$")


class AllowlistError(ValueError):
    pass


@dataclass(frozen=True)
class Allowed:
    id: str
    reviewed: datetime.date
    reason: str


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    message: str


def read_allowlist(text: str) -> list[Allowed]:
    """Each line: a vulnerability id, the date it was last reviewed, and why it does not apply or
    must wait. Blank lines and # comments are skipped; anything else is an error naming the line."""
    allowed = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = LINE.match(line)
        if match is None:
            raise AllowlistError(f"line {number}: expected 'VULNERABILITY-ID YYYY-MM-DD reason', got {line!r}")
        try:
            reviewed = datetime.date.fromisoformat(match["reviewed"])
        except ValueError as exc:
            raise AllowlistError(f"line {number}: {match['reviewed']!r} is not a date") from exc
        allowed.append(Allowed(match["id"], reviewed, match["reason"]))
    return allowed


def command(allowed: list[Allowed], requirements: list[Path] = REQUIREMENTS) -> list[str]:
    # The requirements are pinned, so pip-audit checks exactly those versions without building
    # an environment (--no-deps --disable-pip).
    args = [sys.executable, "-m", "pip_audit", "--no-deps", "--disable-pip", "--progress-spinner", "off"]
    args += ["--format", "json"]
    for path in requirements:
        args += ["-r", str(path)]
    for entry in allowed:
        args += ["--ignore-vuln", entry.id]
    return args


def judge(returncode: int, stdout: str, stderr: str) -> Outcome:
    """What a pip-audit run means for the build."""
    try:
        report = json.loads(stdout) if stdout.strip() else None
    except json.JSONDecodeError:
        report = None
    if report is None:
        if UNREACHABLE.search(stderr):
            reason = next((line for line in stderr.splitlines() if UNREACHABLE.search(line)), "").strip()
            return Outcome(0, f"pip-audit: NOT CHECKED: cannot reach the vulnerability data ({reason[:200]}).")
        tail = "\n".join(stderr.strip().splitlines()[-5:])
        return Outcome(1, f"pip-audit failed (exit {returncode}) without a report:\n{tail}")

    dependencies = report.get("dependencies", [])
    findings = [
        f"  {dep['name']} {dep.get('version', '')}: {vuln['id']}"
        + (f" (fixed in {', '.join(vuln['fix_versions'])})" if vuln.get("fix_versions") else " (no fix yet)")
        for dep in dependencies
        for vuln in dep.get("vulns", [])
    ]
    if findings:
        return Outcome(
            1,
            "pip-audit: known vulnerabilities in the pinned requirements:\n"
            + "\n".join(findings)
            + f"\nUpgrade the pin, or explain each id in {ALLOWLIST.relative_to(BASE_DIR)} (id, review date, reason).",
        )
    skipped = [dep for dep in dependencies if dep.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    if dependencies and not audited:
        return Outcome(
            0,
            f"pip-audit: NOT CHECKED: cannot reach the vulnerability data: none of the {len(dependencies)} "
            f"pinned packages could be looked up ({skipped[0]['skip_reason']}).",
        )
    if returncode != 0:
        tail = "\n".join(stderr.strip().splitlines()[-5:])
        return Outcome(1, f"pip-audit failed (exit {returncode}):\n{tail}")
    message = f"pip-audit: {audited} pinned packages, no known vulnerabilities beyond the allow-list."
    if skipped:
        names = ", ".join(dep["name"] for dep in skipped)
        message += f" Not found in the vulnerability data, so not checked: {names}."
    return Outcome(0, message)


def main() -> int:
    try:
        allowed = read_allowlist(ALLOWLIST.read_text())
    except AllowlistError as exc:
        print(f"{ALLOWLIST.relative_to(BASE_DIR)}: {exc}", file=sys.stderr)
        return 1
    run = subprocess.run(command(allowed), capture_output=True, text=True, timeout=600)  # nosec B603 # our own arguments
    outcome = judge(run.returncode, run.stdout, run.stderr)
    print(outcome.message, file=sys.stderr if outcome.exit_code else sys.stdout)
    return outcome.exit_code


if __name__ == "__main__":
    sys.exit(main())
