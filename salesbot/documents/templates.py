"""Document templates: files in TEMPLATES_PATH are version 0; admins save newer versions in
the database. A template that does not compile or render is refused at save time, so the
version in force always works."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATE_NAMES = ("base.html.j2", "offer.html.j2", "contract.html.j2", "invoice.html.j2")
DOCUMENT_TEMPLATES = {
    "offer": "offer.html.j2",
    "contract": "contract.html.j2",
    "invoice": "invoice.html.j2",
}


class TemplateRejected(Exception):
    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def environment(folder: Path, overrides: dict[str, str]) -> jinja2.Environment:
    return _cached_environment(str(folder), tuple(sorted(overrides.items())))


@lru_cache(maxsize=16)
def _cached_environment(folder: str, overrides: tuple[tuple[str, str], ...]) -> jinja2.Environment:
    # Compiled templates are cached per set of overrides; a saved version makes a new set.
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.DictLoader(dict(overrides)), jinja2.FileSystemLoader(folder)]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def sample_context(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "sample_context.json").read_text(encoding="utf-8"))
    return data


def check(folder: Path, overrides: dict[str, str], name: str, body: str) -> None:
    """Compile `body` as `name` and render every document with the sample context."""
    if name not in TEMPLATE_NAMES:
        raise TemplateRejected(f"Неизвестный шаблон «{name}»; можно: {', '.join(TEMPLATE_NAMES)}.")
    candidate = {**overrides, name: body}
    env = environment(folder, candidate)
    try:
        env.parse(body)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateRejected(
            f"Ошибка в шаблоне, строка {exc.lineno}: {exc.message}", line=exc.lineno
        ) from exc
    context = sample_context(folder)
    for kind, template in DOCUMENT_TEMPLATES.items():
        try:
            env.get_template(template).render(
                **{**context, "doc": {**context["doc"], "kind": kind}}
            )
        except jinja2.TemplateError as exc:
            line = getattr(exc, "lineno", None)
            where = f", строка {line}" if line else ""
            raise TemplateRejected(
                f"Шаблон не отрисовывается ({template}{where}): {exc}", line=line
            ) from exc
