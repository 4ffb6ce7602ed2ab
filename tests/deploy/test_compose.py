"""deploy/docker-compose.yml, deploy/.env.example and the nginx template.

`docker compose config` validates the file where Docker with its compose plugin exists; the
topology itself is checked from the YAML everywhere, without Docker.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import AliasChoices

from salesbot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"
ENV_EXAMPLE = DEPLOY / ".env.example"
NGINX = DEPLOY / "nginx" / "salesbot.conf.template"
# Read by docker-compose.yml itself (interpolation, the postgres image), not by Salesbot.
COMPOSE_ONLY = {
    "SALESBOT_DOMAIN",
    "CERTBOT_EMAIL",
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
    "POSTGRES_DB",
    "BACKUP_DIR",
    "BACKUP_KEEP",
}


def setting_names() -> set[str]:
    """Every environment name Settings reads: field names and their aliases."""
    names: set[str] = set()
    for field_name, field in Settings.model_fields.items():
        alias = field.validation_alias
        if alias is None:
            names.add(field_name.upper())
        elif isinstance(alias, str):
            names.add(alias.upper())
        elif isinstance(alias, AliasChoices):
            names.update(c.upper() for c in alias.choices if isinstance(c, str))
    return names


@pytest.fixture(scope="module")
def services() -> dict[str, dict[str, Any]]:
    loaded = yaml.safe_load(COMPOSE.read_text())
    return loaded["services"]


def command(service: dict[str, Any]) -> list[str]:
    value = service.get("command", [])
    return value.split() if isinstance(value, str) else list(value)


def environment(service: dict[str, Any]) -> dict[str, str]:
    value = service.get("environment") or {}
    if isinstance(value, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in value)
    return {k: "" if v is None else str(v) for k, v in value.items()}


def running(services: dict[str, dict[str, Any]], *args: str) -> dict[str, dict[str, Any]]:
    return {n: s for n, s in services.items() if command(s)[: len(args)] == list(args)}


def replicas(service: dict[str, Any]) -> int:
    return int(service.get("deploy", {}).get("replicas", 1))


def test_docker_compose_config(tmp_path: Path) -> None:
    if shutil.which("docker") is None:
        pytest.skip("no docker CLI on this machine")
    version = subprocess.run(
        ["docker", "compose", "version"], capture_output=True, text=True, check=False
    )
    if version.returncode != 0:
        pytest.skip("docker CLI without the compose plugin (`docker compose version` fails)")
    # A project folder like deploy/ with .env made from the example, as an operator would.
    project = tmp_path / "deploy"
    project.mkdir()
    shutil.copy(ENV_EXAMPLE, project / ".env")
    args = ["--project-directory", str(project), "-f", str(COMPOSE), "--profile", "tools"]
    result = subprocess.run(
        ["docker", "compose", *args, "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_two_app_instances_and_one_worker(services: dict[str, dict[str, Any]]) -> None:
    apps = running(services, "salesbot", "serve")
    assert sum(replicas(s) for s in apps.values()) == 2
    for service in apps.values():
        # Reachable from nginx on the compose network, not only from inside the container.
        args = command(service)
        assert args[args.index("--host") + 1] == "0.0.0.0"  # noqa: S104
    workers = running(services, "salesbot", "worker")
    assert sum(replicas(s) for s in workers.values()) == 1


def test_migrations_run_once_before_app_and_worker(services: dict[str, dict[str, Any]]) -> None:
    migrate = running(services, "salesbot", "migrate")
    assert len(migrate) == 1
    ((name, service),) = migrate.items()
    assert service.get("restart") == "no"
    assert replicas(service) == 1
    assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    dependants = running(services, "salesbot", "serve") | running(services, "salesbot", "worker")
    for service in dependants.values():
        assert service["depends_on"][name]["condition"] == "service_completed_successfully"
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"


def test_infrastructure_services(services: dict[str, dict[str, Any]]) -> None:
    assert services["postgres"]["image"].startswith("pgvector/pgvector:pg")
    assert services["redis"]["image"].startswith("redis:")
    assert services["nginx"]["image"].startswith("nginx:")
    assert services["certbot"]["image"].startswith("certbot/certbot")
    assert {"80:80", "443:443"} <= set(services["nginx"]["ports"])
    # certbot writes the challenge and the certificates where nginx reads them.
    nginx_volumes = {v.split(":")[0]: v.split(":")[1] for v in services["nginx"]["volumes"]}
    certbot_volumes = {v.split(":")[0]: v.split(":")[1] for v in services["certbot"]["volumes"]}
    for volume in ("certbot-webroot", "certificates"):
        assert nginx_volumes[volume] == certbot_volumes[volume]
    assert "renew" in " ".join(services["certbot"]["entrypoint"])


def test_health_checks_and_graceful_stops(services: dict[str, dict[str, Any]]) -> None:
    long_running = (
        set(running(services, "salesbot", "serve"))
        | set(running(services, "salesbot", "worker"))
        | {"postgres", "redis", "nginx", "certbot"}
    )
    for name in long_running:
        check = services[name].get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), name
        assert services[name].get("stop_grace_period"), name
        assert services[name].get("restart") == "unless-stopped", name
    worker_check = " ".join(services["worker"]["healthcheck"]["test"])
    assert "worker" in worker_check  # the app's HTTP check would fail: no port there


def test_data_lives_in_volumes(services: dict[str, dict[str, Any]]) -> None:
    salesbot = running(services, "salesbot")
    assert len(salesbot) >= 4
    for name, service in salesbot.items():
        data_dir = environment(service)["SALESBOT_DATA_DIR"]
        assert f"salesbot-data:{data_dir}" in service["volumes"], name
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    declared = set(yaml.safe_load(COMPOSE.read_text())["volumes"])
    assert {"postgres-data", "salesbot-data", "certificates", "certbot-webroot"} <= declared
    # The backup tool sees the same data folder the app writes.
    backup = services["backup"]
    assert f"salesbot-data:{environment(backup)['SALESBOT_DATA_DIR']}" in backup["volumes"]


def test_every_variable_is_a_real_setting(services: dict[str, dict[str, Any]]) -> None:
    known = setting_names()
    for name, service in running(services, "salesbot").items():
        unknown = set(environment(service)) - known
        assert not unknown, f"{name} sets variables Salesbot does not read: {unknown}"
    example = re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", ENV_EXAMPLE.read_text(), re.MULTILINE)
    assert "DATABASE_URL" in example and "REDIS_URL" in example
    unknown = set(example) - known - COMPOSE_ONLY
    assert not unknown, f".env.example names variables nothing reads: {unknown}"
    # The compose-only names are really read by the compose file.
    text = COMPOSE.read_text()
    for name in COMPOSE_ONLY - {"CERTBOT_EMAIL"}:
        assert "${" + name in text, name


def test_app_trusts_only_nginx(services: dict[str, dict[str, Any]]) -> None:
    nginx_address = services["nginx"]["networks"]["backend"]["ipv4_address"]
    for service in running(services, "salesbot", "serve").values():
        assert environment(service)["TRUSTED_PROXIES"] == nginx_address


def test_nginx_routes_to_both_instances_with_sticky_sessions(
    services: dict[str, dict[str, Any]],
) -> None:
    conf = NGINX.read_text()
    upstream = re.search(r"upstream salesbot \{(.*?)\}", conf, re.DOTALL)
    assert upstream is not None
    body = upstream.group(1)
    assert re.search(r"^\s*(ip_hash|hash \$remote_addr consistent);", body, re.MULTILINE)
    servers = set(re.findall(r"^\s*server (\S+?):8000\b", body, re.MULTILINE))
    assert servers == set(running(services, "salesbot", "serve"))

    socket = re.search(r"location /socket\.io/ \{(.*?)\n    \}", conf, re.DOTALL)
    assert socket is not None
    assert "proxy_set_header Upgrade $http_upgrade;" in socket.group(1)
    assert "proxy_set_header Connection $connection_upgrade;" in socket.group(1)
    assert "return 301 https://" in conf
    # The ACME location serves the folder certbot writes to.
    webroot = dict(v.split(":")[:2] for v in services["nginx"]["volumes"])["certbot-webroot"]
    assert re.search(
        r"location /\.well-known/acme-challenge/ \{\s*root " + re.escape(webroot) + ";", conf
    )


def test_nginx_body_limit_fits_the_app_uploads() -> None:
    conf = NGINX.read_text()
    found = re.search(r"client_max_body_size (\d+)m;", conf)
    assert found is not None
    limit_mb = int(found.group(1))
    fields = Settings.model_fields
    largest = max(fields["kb_max_file_mb"].default, fields["max_attachment_mb"].default)
    # The app adds 64 KB for the form's framing; nginx must let that through too.
    assert limit_mb * 1024 >= largest * 1024 + 64
