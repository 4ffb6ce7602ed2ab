"""docs/configuration.md, generated from the settings so the two cannot drift apart."""

from __future__ import annotations

from pydantic import SecretStr
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from salesbot.config_report import masked
from salesbot.settings import Settings

_HEADER = """# Configuration reference

Generated from `salesbot/settings.py` by `salesbot config docs`; a test fails when this file
is stale. Variables are read from the environment and from a `.env` file in the working
directory (names are case-insensitive). `salesbot config check` prints the effective values
with secrets masked and what each integration still needs.

| Variable | Default | Description |
| --- | --- | --- |
"""


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None:
        value = field.default_factory()  # type: ignore[call-arg]
    elif field.default is PydanticUndefined:
        return "required"
    else:
        value = field.default
    if isinstance(value, SecretStr):
        return "(secret)"
    shown = masked(value)
    return f"`{shown}`" if shown else "—"


def render_configuration_reference() -> str:
    rows = []
    for name, field in Settings.model_fields.items():
        names = name.upper()
        if name == "redis_url":
            names = "REDIS_URL (or UPSTASH_REDIS_URL)"
        description = (field.description or "").replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{names}` | {_default(field)} | {description} |")
    return _HEADER + "\n".join(rows) + "\n"
