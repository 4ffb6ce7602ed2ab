"""deploy/audit.py reads pip-audit's and npm audit's reports as those tools print them, keeps
the allow-list honest, and tells a skipped check from a clean one."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("audit", ROOT / "deploy" / "audit.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


audit = _load()

PIP_AUDIT = {
    "dependencies": [
        {"name": "jinja2", "version": "3.1.2", "vulns": [
            {"id": "PYSEC-2024-12", "fix_versions": ["3.1.3"], "aliases": ["CVE-2024-22195",
             "GHSA-h5c8-rqwp-cp95"], "description": "HTML attribute injection"},
        ]},
        {"name": "httpx", "version": "0.28.1", "vulns": []},
        {"name": "salesbot", "skip_reason": "Dependency not found on PyPI"},
    ],
    "fixes": [],
}  # fmt: skip
NPM_AUDIT = {
    "auditReportVersion": 2,
    "vulnerabilities": {
        "next": {"name": "next", "severity": "critical", "isDirect": True, "via": [
            {"source": 1101, "name": "next", "dependency": "next", "severity": "critical",
             "title": "Authorization bypass in middleware", "range": "<15.2.3",
             "url": "https://github.com/advisories/GHSA-f82v-jwr5-mffw"},
            {"source": 1102, "name": "next", "dependency": "next", "severity": "moderate",
             "title": "Cache poisoning", "range": "<15.1.8",
             "url": "https://github.com/advisories/GHSA-qpjv-v59x-3qc4"},
        ], "effects": [], "range": "<15.2.3", "nodes": ["node_modules/next"],
         "fixAvailable": True},
        "postcss": {"name": "postcss", "severity": "moderate", "isDirect": False,
                    "via": ["next"], "effects": [], "range": "*", "nodes": [],
                    "fixAvailable": True},
    },
    "metadata": {"vulnerabilities": {"info": 0, "low": 0, "moderate": 1, "high": 0,
                                     "critical": 1, "total": 2}},
}  # fmt: skip
NPM_UNREACHABLE = {
    "message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/"
    "advisories/bulk",
    "statusCode": 405,
    "error": {"summary": "", "detail": ""},
}


def test_a_python_advisory_is_found_and_accepted_only_through_the_list() -> None:
    report = audit.read_pip_audit(PIP_AUDIT)
    assert [(f.package, f.advisory) for f in report.findings] == [
        ("jinja2==3.1.2", "PYSEC-2024-12")
    ]
    assert report.skipped is None
    aliases = {"PYSEC-2024-12": {"CVE-2024-22195", "GHSA-h5c8-rqwp-cp95"}}
    assert not audit.allowed(report, {"CVE-2024-22195"}, aliases).findings  # by an alias
    assert audit.allowed(report, {"CVE-2023-0001"}, aliases).findings


def test_nothing_audited_is_a_skip_not_a_pass() -> None:
    unreachable = {"dependencies": [{"name": n, "skip_reason": "Dependency not found on PyPI"}
                                    for n in ("fastapi", "httpx")]}  # fmt: skip
    report = audit.read_pip_audit(unreachable)
    assert report.skipped and not report.findings
    npm = audit.read_npm_audit("frontend", NPM_UNREACHABLE)
    assert npm.skipped and "405" in npm.skipped


def test_npm_fails_on_high_and_critical_only() -> None:
    report = audit.read_npm_audit("frontend", NPM_AUDIT)
    assert [(f.package, f.advisory) for f in report.findings] == [("next", "GHSA-f82v-jwr5-mffw")]
    clean = {
        **NPM_AUDIT,
        "vulnerabilities": {},
        "metadata": {"dependencies": {"prod": 1, "dev": 148, "total": 148}},
    }  # what npm says of a package without production dependencies
    assert audit.read_npm_audit("widget", clean) == audit.Report("widget", packages=0)


def test_the_allow_list_needs_a_reason_for_every_entry(tmp_path: Path) -> None:
    listed = tmp_path / "audit-allow.toml"
    listed.write_text('[[allow]]\nid = "GHSA-f82v-jwr5-mffw"\nreason = "no middleware used"\n')
    assert audit.read_allow_list(listed) == {"GHSA-f82v-jwr5-mffw"}
    listed.write_text('[[allow]]\nid = "GHSA-f82v-jwr5-mffw"\n')
    with pytest.raises(audit.BadAllowList, match="entry 1: needs an id and a reason"):
        audit.read_allow_list(listed)
    assert audit.read_allow_list(ROOT / "deploy" / "audit-allow.toml") == set()  # none today


@pytest.mark.parametrize(
    ("python", "npm", "require", "code"),
    [
        (PIP_AUDIT, {**NPM_AUDIT, "vulnerabilities": {}}, False, 1),
        ({"dependencies": [{"name": "x", "version": "1", "vulns": []}]}, NPM_AUDIT, False, 1),
        ({"dependencies": [{"name": "x", "version": "1", "vulns": []}]}, NPM_UNREACHABLE, False, 0),
        ({"dependencies": [{"name": "x", "version": "1", "vulns": []}]}, NPM_UNREACHABLE, True, 2),
    ],
)
def test_exit_codes(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    python: dict[str, Any],
    npm: dict[str, Any],
    require: bool,
    code: int,
) -> None:
    def reports(command: list[str], cwd: Path) -> dict[str, Any]:
        return npm if command[0] == "npm" else python

    monkeypatch.setattr(audit, "_json_of", reports)
    assert audit.main(["--require"] if require else []) == code
    printed = capsys.readouterr().out
    assert ("SKIPPED" in printed) == (npm is NPM_UNREACHABLE)
