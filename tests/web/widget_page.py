"""The visitor's side of browser tests: send from the widget, wait for the answer, and when
it does not come, say where it got lost (the page's console, socket frames, chat requests)."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Page, Request, WebSocket

ANSWER_SECONDS = 45  # generous: a first answer on a loaded CI machine; speed is measured in bench/
_LOGS: dict[Page, list[str]] = {}  # by the page itself: an id() may be reused by a later page


def keep_console(page: Page) -> None:
    """Record the page's console and realtime traffic for `visitor_says`'s failure message."""
    lines = _LOGS.setdefault(page, [])
    page.on("console", lambda message: lines.append(f"{message.type}: {message.text}"))

    def on_websocket(socket: WebSocket) -> None:
        lines.append(f"websocket opened: {socket.url.split('?')[0]}")
        socket.on("framesent", lambda frame: lines.append(f"  ws sent: {str(frame)[:120]}"))
        socket.on("framereceived", lambda frame: lines.append(f"  ws got: {str(frame)[:120]}"))
        socket.on("close", lambda _: lines.append("websocket closed"))

    def on_request_done(request: Request) -> None:
        if "/socket.io/" in request.url or "/api/v1/chat/" in request.url:
            failure = request.failure
            outcome = f"failed: {failure}" if failure else "done"
            lines.append(f"{request.method} {request.url.split('?')[0]} {outcome}")

    page.on("websocket", on_websocket)
    page.on("requestfinished", on_request_done)
    page.on("requestfailed", on_request_done)


async def visitor_says(page: Page, text: str, artifacts: Path) -> None:
    """Type a message in the widget, send it with Enter and wait for the assistant's answer."""
    answers = page.locator('[data-testid="sb-message"][data-author="bot"]')
    before = await answers.count()
    box = page.get_by_test_id("sb-input")
    await box.fill(text)
    await box.press("Enter")
    for _ in range(ANSWER_SECONDS * 20):
        if await answers.count() > before:
            return
        await page.wait_for_timeout(50)
    artifacts.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=artifacts / "failure-no-answer.png")
    transcript = await page.get_by_test_id("sb-messages").inner_text()
    status = await page.get_by_test_id("sb-status").inner_text()
    log = "\n".join(_LOGS.get(page, [])[-60:])
    raise AssertionError(
        f"no answer to {text!r} in {ANSWER_SECONDS} s; status {status!r}; chat: {transcript}\n"
        f"browser log:\n{log}"
    )
