"""Mail templates: Jinja2 files in TEMPLATES_PATH/mail, beside the PDF templates.

Each mail `<name>` has three files: `<name>.subject.j2` (one line), `<name>.txt.j2` (plain
text) and `<name>.html.j2` (HTML, autoescaped). They are read when a mail is sent, so an
edited file applies to the next mail without a restart. A TEMPLATES_PATH of one's own needs
only the files it changes: the others come from the installation's templates/mail.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from salesbot.settings import DEFAULT_TEMPLATES_DIR

FOLDER = "mail"
# To the managers: what happened, without the customer's personal data.
TEAM_TEMPLATES = ("lead", "handoff", "alert", "booking", "payment", "job_failed")
# To a customer: the documents asked for, attached; a consultation's invitation (.ics).
CUSTOMER_TEMPLATES = ("documents", "booking_invite")
TEMPLATES = TEAM_TEMPLATES + CUSTOMER_TEMPLATES


class MailTemplateError(Exception):
    """A template is missing or does not render; the message says which and where."""


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def render(templates_dir: Path, name: str, context: dict[str, Any]) -> RenderedMail:
    if name not in TEMPLATES:
        raise MailTemplateError(f"unknown mail template {name!r}")
    env = _environment(str(templates_dir / FOLDER), str(DEFAULT_TEMPLATES_DIR / FOLDER))
    subject, text, html = (
        _render(env, f"{name}.{part}.j2", context) for part in ("subject", "txt", "html")
    )
    return RenderedMail(
        # A header is one line; a template may wrap it. Non-breaking spaces (in amounts) stay.
        subject=re.sub(r"[ \t\r\n]+", " ", subject).strip(),
        # Conditional lines leave blank runs behind; a paragraph break is one blank line.
        text=re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip() + "\n",
        html=html,
    )


def sample_context(templates_dir: Path, name: str) -> dict[str, Any]:
    samples: dict[str, Any] = json.loads(
        (templates_dir / FOLDER / "sample_context.json").read_text(encoding="utf-8")
    )
    if name in TEAM_TEMPLATES:
        return {**samples["team"], "kind": name}
    return dict(samples[name])


def _render(env: jinja2.Environment, file: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(file).render(context)
    except jinja2.TemplateError as exc:
        raise MailTemplateError(f"mail template {_where(exc, file)}: {exc}") from exc


def _where(exc: jinja2.TemplateError, file: str) -> str:
    """The file and line at fault: a syntax error knows them; for an error while rendering,
    Jinja puts the templates' own lines into the traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{Path(exc.filename or file).name}, line {exc.lineno}"
    where, frame = file, exc.__traceback__
    while frame is not None:
        source = frame.tb_frame.f_code.co_filename
        if source.endswith(".j2"):
            where = f"{Path(source).name}, line {frame.tb_lineno}"
        frame = frame.tb_next
    return where


@lru_cache(maxsize=8)
def _environment(*folders: str) -> jinja2.Environment:
    # auto_reload (the default) checks each file's time stamp, so edits apply at once.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(dict.fromkeys(folders))),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
