"""Read a source file into Markdown-like text: headings as `#` lines, paragraphs between.

Each reader keeps the structure the format has (HTML and DOCX headings, PDF pages) so the
chunker can split by sections. Problems are raised as `UnreadableFile` with a reason a
person can act on; the caller reports it per file and goes on.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePosixPath

SUPPORTED = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}


class UnreadableFile(Exception):
    """A file that cannot be ingested; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class LoadedFile:
    file_type: str
    title: str
    text: str  # Markdown-like: '#' headings and blank-line separated paragraphs


def file_type_of(name: str) -> str:
    suffix = PurePosixPath(name.lower()).suffix
    if suffix not in SUPPORTED:
        known = ", ".join(sorted(SUPPORTED))
        raise UnreadableFile(
            f"неподдерживаемый тип файла «{suffix or 'без расширения'}»; можно: {known}"
        )
    return SUPPORTED[suffix]


def load(name: str, data: bytes, *, max_bytes: int) -> LoadedFile:
    file_type = file_type_of(name)
    if len(data) == 0:
        raise UnreadableFile("файл пустой")
    if len(data) > max_bytes:
        raise UnreadableFile(
            f"файл слишком большой: {len(data) / 1_048_576:.1f} МБ, "
            f"допустимо {max_bytes / 1_048_576:.0f} МБ"
        )
    reader = {"markdown": _markdown, "text": _plain, "html": _html, "pdf": _pdf, "docx": _docx}[
        file_type
    ]
    text = reader(data).strip()
    if not text:
        raise UnreadableFile("в файле нет текста")
    return LoadedFile(file_type, _title(text, name), text)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(
        "не удалось определить кодировку текста (ожидается UTF-8 или Windows-1251)"
    )


def _title(text: str, name: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    first = next((line.strip("# ").strip() for line in text.splitlines() if line.strip()), "")
    return first[:120] if first and len(first) <= 120 else PurePosixPath(name).stem


def _markdown(data: bytes) -> str:
    return _decode(data)


def _plain(data: bytes) -> str:
    return _decode(data)


def _html(data: bytes) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(data), "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "header", "noscript", "form"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    blocks: list[str] = []
    body = soup.body or soup
    for element in body.find_all(
        ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "pre", "blockquote"]
    ):
        if element.find_parent(["li", "td", "blockquote"]) and element.name in {"p"}:
            continue
        text = element.get_text(" ", strip=True)
        if not text:
            continue
        if element.name and element.name[0] == "h" and element.name[1:].isdigit():
            blocks.append("#" * int(element.name[1]) + " " + text)
        elif element.name == "li":
            blocks.append("- " + text)
        else:
            blocks.append(text)
    if title and not any(b.startswith("# ") for b in blocks):
        blocks.insert(0, "# " + title)
    return "\n\n".join(blocks)


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableFile("PDF защищён паролем")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableFile(f"PDF повреждён или не читается: {type(exc).__name__}") from exc
    return "\n\n".join(page.strip() for page in pages if page.strip())


def _docx(data: bytes) -> str:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        raise UnreadableFile(f"DOCX повреждён или не читается: {type(exc).__name__}") from exc
    except Exception as exc:  # zipfile.BadZipFile and lxml errors for non-DOCX content
        raise UnreadableFile(f"DOCX повреждён или не читается: {type(exc).__name__}") from exc
    blocks: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style == "Title":
            blocks.append("# " + text)
        elif style.startswith("Heading") and style[-1:].isdigit():
            blocks.append("#" * min(int(style[-1]) + 1, 6) + " " + text)
        elif style.startswith("List"):
            blocks.append("- " + text)
        else:
            blocks.append(text)
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
            if cells:
                blocks.append(" | ".join(cells))
    return "\n\n".join(blocks)
