"""Known vulnerabilities in what we ship: the Python packages of requirements.lock (pip-audit)
and the production packages of the three front ends (npm audit --omit=dev).

Fails on any known Python advisory and on npm advisories of high or critical severity, unless
deploy/audit-allow.toml accepts the advisory with a reason. Where an advisory service cannot
be reached (a machine that sees only the package registries), that part is reported as
skipped, not as clean; `--require` makes a skip fail too.

    python deploy/audit.py [--require]

Exit codes: 0 clean (or skipped), 1 vulnerable, 2 skipped with --require, 3 a bad allow-list.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ALLOW_LIST = ROOT / "deploy" / "audit-allow.toml"
FRONT_ENDS = ("widget", "amocrm-widget", "frontend")
NPM_FAILS_ON = {"high", "critical"}
TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Finding:
    where: str  # "python" or a front end's folder
    package: str
    advisory: str  # the id an allow-list entry names
    summary: str


@dataclass(frozen=True)
class Report:
    where: str
    findings: tuple[Finding, ...] = ()
    skipped: str | None = None  # why nothing could be checked
    packages: int | None = None  # how many were looked up, when the tool says


class BadAllowList(ValueError):
    pass


def read_allow_list(path: Path = ALLOW_LIST) -> set[str]:
    """Advisory ids accepted on purpose; each entry must say why."""
    if not path.exists():
        return set()
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("allow", [])
    except tomllib.TOMLDecodeError as error:
        raise BadAllowList(f"{path.name}: {error}") from error
    accepted = set()
    for number, entry in enumerate(entries, start=1):
        advisory, reason = entry.get("id"), str(entry.get("reason", "")).strip()
        if not advisory or len(reason) < 10:
            raise BadAllowList(f"{path.name}, entry {number}: needs an id and a reason")
        accepted.add(str(advisory))
    return accepted


def read_pip_audit(report: dict[str, Any]) -> Report:
    """pip-audit's JSON: each dependency with its `vulns`, or a `skip_reason`."""
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    if dependencies and not audited:
        return Report("python", skipped="PyPI's vulnerability data could not be reached")
    findings = tuple(
        Finding(
            "python",
            f"{dependency['name']}=={dependency.get('version', '?')}",
            vuln["id"],
            f"fixed in {', '.join(vuln.get('fix_versions') or ['no release yet'])}",
        )
        for dependency in audited
        for vuln in dependency.get("vulns", [])
    )
    return Report("python", findings, packages=len(audited))


def read_npm_audit(where: str, report: dict[str, Any]) -> Report:
    """npm audit's JSON (report version 2): packages with their severity and, under `via`,
    the advisories (objects) or the packages they come through (names)."""
    if "vulnerabilities" not in report:
        why = report.get("message") or report.get("error", {}).get("summary") or "no report"
        return Report(where, skipped=f"npm's advisory service could not be reached ({why})")
    findings = []
    for package, entry in report["vulnerabilities"].items():
        for via in entry.get("via", []):
            if isinstance(via, dict) and via.get("severity") in NPM_FAILS_ON:
                url = str(via.get("url", ""))
                advisory = url.rsplit("/", 1)[-1] if "/advisories/" in url else str(via["source"])
                findings.append(
                    Finding(where, package, advisory, f"{via['severity']}: {via.get('title', '')}")
                )
    # the package itself counts as one production dependency
    packages = report.get("metadata", {}).get("dependencies", {}).get("prod")
    return Report(where, tuple(findings), packages=None if packages is None else packages - 1)


def allowed(report: Report, accepted: set[str], aliases: dict[str, set[str]]) -> Report:
    """The report without the advisories the allow-list accepts (by id or an alias)."""
    kept = tuple(
        finding
        for finding in report.findings
        if not ({finding.advisory} | aliases.get(finding.advisory, set())) & accepted
    )
    return Report(report.where, kept, report.skipped, report.packages)


def _json_of(command: list[str], cwd: Path) -> dict[str, Any]:
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
    )
    try:
        parsed: dict[str, Any] = json.loads(done.stdout or "{}")
    except json.JSONDecodeError:
        first = (done.stderr.strip().splitlines() or ["no output"])[-1]
        parsed = {"message": f"exit {done.returncode}: {first}"}
    return parsed


def audit_python() -> tuple[Report, dict[str, set[str]]]:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    command = [
        str(pip_audit), "-r", "requirements.lock", "--no-deps", "--disable-pip",
        "--format", "json", "--progress-spinner", "off",
    ]  # fmt: skip
    raw = _json_of(command, ROOT)
    aliases = {
        vuln["id"]: set(vuln.get("aliases", []))
        for dependency in raw.get("dependencies", [])
        for vuln in dependency.get("vulns", [])
    }
    return read_pip_audit(raw), aliases


def audit_front_end(folder: str) -> Report:
    return read_npm_audit(folder, _json_of(["npm", "audit", "--omit=dev", "--json"], ROOT / folder))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--require", action="store_true", help="a service out of reach fails")
    options = parser.parse_args(argv)
    try:
        accepted = read_allow_list()
    except BadAllowList as error:
        print(f"audit: {error}", file=sys.stderr)
        return 3
    python, aliases = audit_python()
    reports = [allowed(python, accepted, aliases)]
    reports += [allowed(audit_front_end(folder), accepted, {}) for folder in FRONT_ENDS]
    for report in reports:
        if report.skipped:
            print(f"audit {report.where}: SKIPPED, {report.skipped}")
        elif report.packages == 0:
            print(f"audit {report.where}: no production packages to look up")
        elif not report.findings:
            counted = "" if report.packages is None else f" in {report.packages} packages"
            print(f"audit {report.where}: no known vulnerabilities{counted}")
        for finding in report.findings:
            print(f"audit {report.where}: {finding.package} {finding.advisory} ({finding.summary})")
    if any(report.findings for report in reports):
        print(
            "Update the packages, or accept an advisory in deploy/audit-allow.toml with a reason."
        )
        return 1
    if options.require and any(report.skipped for report in reports):
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
