from __future__ import annotations

import itertools

import pytest

from salesbot.knowledge.chunking import split
from salesbot.knowledge.loaders import UnreadableFile, load
from salesbot.knowledge.text import lemmas, normalise
from tests.knowledge.conftest import make_docx, make_pdf

LIMIT = 1_000_000


class TestReaders:
    def test_markdown_keeps_headings(self) -> None:
        loaded = load(
            "faq.md", "# Вопросы\n\n## Сколько стоит?\n\nОт 150 000 ₽.".encode(), max_bytes=LIMIT
        )
        assert loaded.file_type == "markdown" and loaded.title == "Вопросы"
        assert "## Сколько стоит?" in loaded.text

    def test_plain_text_in_windows_1251(self) -> None:
        loaded = load(
            "note.txt", "Гарантия 12 месяцев на все работы.".encode("cp1251"), max_bytes=LIMIT
        )
        assert "Гарантия 12 месяцев" in loaded.text

    def test_html_drops_scripts_and_maps_headings(self) -> None:
        html = (
            "<html><head><title>Поддержка</title><script>alert(1)</script></head><body>"
            "<nav>меню</nav><h2>Время ответа</h2><p>Отвечаем за 15 минут.</p><ul><li>Email</li></ul>"
            "</body></html>"
        )
        loaded = load("support.html", html.encode(), max_bytes=LIMIT)
        assert "## Время ответа" in loaded.text and "- Email" in loaded.text
        assert "alert" not in loaded.text and "меню" not in loaded.text
        assert loaded.title == "Поддержка"

    def test_pdf_with_cyrillic(self) -> None:
        pdf = make_pdf(
            "<h1>Политика возврата</h1><p>Предоплата возвращается в течение 14 дней.</p>"
        )
        loaded = load("refunds.pdf", pdf, max_bytes=LIMIT)
        assert "Предоплата возвращается в течение 14 дней" in loaded.text

    def test_docx_headings_and_tables(self) -> None:
        data = make_docx("Регламент", [("Сроки", "Внедрение занимает от двух недель.")])
        loaded = load("reglament.docx", data, max_bytes=LIMIT)
        assert loaded.title == "Регламент"
        assert "## Сроки" in loaded.text and "от двух недель" in loaded.text

    @pytest.mark.parametrize(
        ("name", "data", "reason"),
        [
            ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF повреждён"),
            ("broken.docx", b"PK\x03\x04 not a zip at all", "DOCX повреждён"),
            ("table.xlsx", b"whatever", "неподдерживаемый тип"),
            ("empty.md", b"", "пустой"),
            ("blank.txt", b"  \n\n ", "нет текста"),
            ("huge.md", b"x" * (LIMIT + 1), "слишком большой"),
        ],
    )
    def test_bad_files_are_explained(self, name: str, data: bytes, reason: str) -> None:
        with pytest.raises(UnreadableFile) as excinfo:
            load(name, data, max_bytes=LIMIT)
        assert reason in excinfo.value.reason


class TestChunking:
    def test_sections_become_chunks_with_their_path(self) -> None:
        text = "# Услуги\n\n## ИИ-Юрист\n\n### Для кого\n\nДля юридических отделов.\n\n## ИИ-Аналитик\n\nОтчёты."
        chunks = split(text, document_title="Услуги")
        assert [c.section_path for c in chunks] == [
            ("Услуги", "ИИ-Юрист", "Для кого"),
            ("Услуги", "ИИ-Аналитик"),
        ]
        assert chunks[0].title == "Для кого" and chunks[0].text == "Для юридических отделов."

    def test_long_sections_split_with_overlap(self) -> None:
        sentences = " ".join(f"Предложение номер {i} о внедрении." for i in range(120))
        chunks = split(
            f"# Документ\n\n{sentences}",
            document_title="Документ",
            max_chars=500,
            overlap_chars=100,
        )
        assert len(chunks) > 3
        assert all(len(c.text) <= 650 for c in chunks)
        for previous, current in itertools.pairwise(chunks):
            assert previous.text[-60:].split()[-1] in current.text[:160]
        joined = " ".join(c.text for c in chunks)
        assert "Предложение номер 119" in joined and "Предложение номер 0 " in joined

    def test_text_without_headings_uses_the_title(self) -> None:
        chunks = split("Первый абзац.\n\nВторой абзац.", document_title="Заметка")
        assert len(chunks) == 1 and chunks[0].section_path == ("Заметка",)


class TestText:
    def test_lemmas_unify_forms_and_drop_stop_words(self) -> None:
        assert lemmas("Интеграции с amoCRM и интеграцией с Telegram") == [
            "интеграция",
            "amocrm",
            "интеграция",
            "telegram",
        ]

    def test_normalise(self) -> None:
        assert normalise("a\u00a0b\r\n\r\n\r\n\r\nc\u00ad") == "a b\n\nc"
