"""Split a document into chunks by its headings, with a modest overlap inside long sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")


@dataclass(frozen=True)
class Chunk:
    position: int
    title: str  # the innermost heading (for FAQ: the question)
    section_path: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class _Section:
    path: tuple[str, ...]
    paragraphs: list[str]


def _sections(text: str, document_title: str) -> list[_Section]:
    sections: list[_Section] = []
    stack: list[tuple[int, str]] = []
    current: list[str] = []
    paragraph: list[str] = []

    def close_paragraph() -> None:
        if paragraph:
            current.append(
                " ".join(paragraph).strip()
                if not paragraph[0].startswith(("- ", "|"))
                else "\n".join(paragraph)
            )
            paragraph.clear()

    def close_section() -> None:
        close_paragraph()
        if current:
            path = tuple(title for _, title in stack) or (document_title,)
            sections.append(_Section(path, list(current)))
            current.clear()

    for line in text.split("\n"):
        heading = _HEADING.match(line)
        if heading:
            close_section()
            level = len(heading.group(1))
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading.group(2).strip()))
        elif not line.strip():
            close_paragraph()
        else:
            paragraph.append(line.strip())
    close_section()
    return sections


def split(
    text: str, *, document_title: str, max_chars: int = 1000, overlap_chars: int = 150
) -> list[Chunk]:
    """Chunks of at most about `max_chars`; a long section repeats the end of the previous
    piece (up to `overlap_chars`) at the start of the next, so no sentence loses its context."""
    chunks: list[Chunk] = []
    for section in _sections(text, document_title):
        title = section.path[-1]
        pieces = _pack(section.paragraphs, max_chars, overlap_chars)
        for piece in pieces:
            chunks.append(Chunk(len(chunks), title, section.path, piece))
    return chunks


def _pack(paragraphs: list[str], max_chars: int, overlap_chars: int) -> list[str]:
    units: list[str] = []
    for paragraph in paragraphs:
        units.extend(_split_long(paragraph, max_chars))
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for unit in units:
        if current and size + len(unit) > max_chars:
            pieces.append("\n\n".join(current))
            tail = current[-1][-overlap_chars:] if overlap_chars else ""
            tail = (
                tail[tail.find(" ") + 1 :]
                if " " in tail and len(current[-1]) > overlap_chars
                else tail
            )
            current, size = ([tail] if tail else []), len(tail)
        current.append(unit)
        size += len(unit) + 2
    if current:
        pieces.append("\n\n".join(current))
    return pieces


def _split_long(paragraph: str, max_chars: int) -> list[str]:
    if len(paragraph) <= max_chars:
        return [paragraph]
    sentences = re.split(r"(?<=[.!?…])\s+", paragraph)
    parts: list[str] = []
    current = ""
    for sentence in sentences:
        while len(sentence) > max_chars:  # a run-on "sentence": cut at a space
            cut = sentence.rfind(" ", 0, max_chars)
            cut = cut if cut > 0 else max_chars
            if current:
                parts.append(current)
                current = ""
            parts.append(sentence[:cut])
            sentence = sentence[cut:].lstrip()
        if current and len(current) + len(sentence) + 1 > max_chars:
            parts.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        parts.append(current)
    return parts
