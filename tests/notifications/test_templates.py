"""The mail templates in templates/mail: every one renders, in Russian, text and HTML."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from salesbot.notifications.templates import (
    TEMPLATES,
    MailTemplateError,
    render,
    sample_context,
)
from tests.conftest import ROOT

FOLDER = ROOT / "templates"


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_renders_its_three_parts(name: str) -> None:
    rendered = render(FOLDER, name, sample_context(FOLDER, name))

    assert rendered.subject and "\n" not in rendered.subject
    assert "\n\n\n" not in rendered.text and rendered.text.endswith("\n")
    assert rendered.html.startswith("<!DOCTYPE html>") and 'lang="ru"' in rendered.html
    assert "ООО «Нейрокод»" in rendered.text + rendered.html


def test_values_are_escaped_in_html_only() -> None:
    context = {**sample_context(FOLDER, "handoff"), "reason": "<b>срочно</b> & сразу"}

    rendered = render(FOLDER, "handoff", context)

    assert "&lt;b&gt;срочно&lt;/b&gt; &amp; сразу" in rendered.html
    assert "Причина: <b>срочно</b> & сразу" in rendered.text


def test_a_broken_template_names_the_file_and_line(tmp_path: Path) -> None:
    shutil.copytree(FOLDER / "mail", tmp_path / "mail")
    (tmp_path / "mail" / "lead.txt.j2").write_text("Новый лид\n{{ nonexistent }}\n")
    (tmp_path / "mail" / "handoff.html.j2").write_text("<p>\n{% if %}\n")

    with pytest.raises(MailTemplateError, match=r"lead\.txt\.j2, line 2: 'nonexistent'"):
        render(tmp_path, "lead", sample_context(tmp_path, "lead"))
    with pytest.raises(MailTemplateError, match=r"handoff\.html\.j2, line 2"):
        render(tmp_path, "handoff", sample_context(tmp_path, "handoff"))


def test_an_edited_template_applies_to_the_next_mail(tmp_path: Path) -> None:
    shutil.copytree(FOLDER / "mail", tmp_path / "mail")
    context = sample_context(tmp_path, "lead")
    assert render(tmp_path, "lead", context).subject.startswith("Новый лид")

    subject = tmp_path / "mail" / "lead.subject.j2"
    subject.write_text("Лид: {{ product }}\n")
    stat = subject.stat()  # a later modification time, as an editor would leave
    os.utime(subject, (stat.st_atime, stat.st_mtime + 5))

    assert render(tmp_path, "lead", context).subject == "Лид: ИИ-Юрист"


def test_a_templates_folder_of_ones_own_needs_only_the_files_it_changes(tmp_path: Path) -> None:
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "lead.subject.j2").write_text("Лид из {{ channel }}\n")

    rendered = render(tmp_path, "lead", sample_context(FOLDER, "lead"))

    assert rendered.subject == "Лид из Telegram"
    assert rendered.text.startswith("Новый лид")  # the installation's file
