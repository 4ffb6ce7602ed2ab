import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/app";
import type { WidgetConfig } from "../src/config";
import { SessionStore } from "../src/session";
import { MessageStore } from "../src/store";
import { FakeTransport, MemoryStorage, flush, msg } from "./helpers";

const HOST = "https://chat.neurocode.ru";

function mount(cfg: Partial<WidgetConfig> = {}, opts: { session?: boolean; storage?: MemoryStorage } = {}) {
  const config: WidgetConfig = { title: "Нейрокод", color: "#2459e0", greeting: "Здравствуйте! Чем помочь?", position: "right", lang: "ru", host: HOST, ...cfg };
  const storage = opts.storage ?? new MemoryStorage();
  const prefs = new SessionStore(HOST, storage);
  const store = new MessageStore(prefs.seenSeq() ?? 0);
  const transport = new FakeTransport();
  transport.session = !!opts.session;
  const beeper = { unlock: vi.fn(), beep: vi.fn() };
  const app = new App(config, { transport, store, prefs, beeper, doc: document });
  app.mount();
  const shadow = app.shadow;
  const $ = <T extends HTMLElement = HTMLElement>(id: string) => shadow.querySelector(`[data-testid="${id}"]`) as T;
  const $$ = <T extends HTMLElement = HTMLElement>(id: string) => Array.from(shadow.querySelectorAll(`[data-testid="${id}"]`)) as T[];
  const messages = () => $$("sb-message");
  const type = (text: string) => {
    const input = $<HTMLTextAreaElement>("sb-input");
    input.value = text;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const key = (el: Element, k: string, extra: KeyboardEventInit = {}) =>
    el.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, composed: true, cancelable: true, ...extra }));
  return { app, transport, store, prefs, storage, beeper, shadow, $, $$, messages, type, key };
}

beforeEach(() => {
  vi.spyOn(document, "hasFocus").mockReturnValue(true);
});
afterEach(() => {
  document.body.innerHTML = "";
  vi.useRealTimers();
});

describe("widget UI: shell and keyboard", () => {
  it("lives in one open shadow root on a single host element, styles inside", () => {
    const { app, shadow, $ } = mount();
    expect(document.body.children).toHaveLength(1);
    expect(document.body.firstElementChild).toBe(app.host);
    expect(app.host.shadowRoot).toBe(shadow);
    expect(shadow.querySelector("style")!.textContent).toContain(".sb-launcher");
    expect(document.head.querySelector("style")).toBeNull();
    const launcher = $("sb-launcher");
    expect(launcher.getAttribute("aria-label")).toBe("Открыть чат");
    expect(launcher.querySelector("svg")).not.toBeNull();
    expect($("sb-window").hidden).toBe(true);
    expect($("sb-window").getAttribute("role")).toBe("dialog");
    expect($("sb-window").getAttribute("aria-label")).toBe("Нейрокод");
    expect($("sb-messages").getAttribute("aria-live")).toBe("polite");
  });

  it("opens from the launcher, focuses the input, closes on Escape and gives focus back", () => {
    const { transport, shadow, $, key } = mount();
    const launcher = $("sb-launcher");
    launcher.focus();
    launcher.click();
    expect($("sb-window").hidden).toBe(false);
    expect(launcher.getAttribute("aria-expanded")).toBe("true");
    expect(shadow.activeElement).toBe($("sb-input"));
    expect(transport.started).toEqual([true]);
    expect(transport.windowOpen).toEqual([true]);
    key($("sb-input"), "Escape");
    expect($("sb-window").hidden).toBe(true);
    expect(launcher.getAttribute("aria-expanded")).toBe("false");
    expect(shadow.activeElement).toBe(launcher);
    expect(transport.windowOpen).toEqual([true, false]);
  });

  it("the close button closes the window", () => {
    const { app, $ } = mount();
    app.open();
    $("sb-close").click();
    expect(app.isOpen).toBe(false);
    expect($("sb-window").hidden).toBe(true);
  });

  it("keeps the tab order inside the window: header buttons, history, composer", () => {
    const { $ } = mount();
    const focusable = Array.from($("sb-window").querySelectorAll<HTMLElement>("button, textarea, [tabindex]")).filter((el) => el.tabIndex >= 0);
    const ids = focusable.map((el) => el.getAttribute("data-testid") || el.className);
    expect(ids.indexOf("sb-sound")).toBeLessThan(ids.indexOf("sb-close"));
    expect(ids.indexOf("sb-close")).toBeLessThan(ids.indexOf("sb-messages"));
    expect(ids.indexOf("sb-messages")).toBeLessThan(ids.indexOf("sb-input"));
    expect(ids.indexOf("sb-input")).toBeLessThan(ids.indexOf("sb-send"));
    expect($<HTMLInputElement>("sb-file").tabIndex).toBe(-1);
  });

  it("does not start a session or connect until first opened", () => {
    const { transport } = mount();
    expect(transport.started).toEqual([]);
  });

  it("connects in the background when a session is stored", () => {
    const { transport } = mount({}, { session: true });
    expect(transport.started).toEqual([false]);
  });

  it("shows the greeting first, without sending it", () => {
    const { app, $, transport } = mount();
    app.open();
    expect($("sb-greeting").textContent).toBe("Здравствуйте! Чем помочь?");
    expect(transport.sends).toHaveLength(0);
  });

  it("applies position and accent colour", () => {
    const { shadow } = mount({ position: "left", color: "#ffcc00" });
    const root = shadow.querySelector(".sb-root") as HTMLElement;
    expect(root.classList.contains("sb-left")).toBe(true);
    expect(root.getAttribute("style")).toContain("--sb-accent:#ffcc00");
    // A light accent gets dark text.
    expect(root.getAttribute("style")).toContain("--sb-on:#1f2430");
  });

  it("speaks English with data-lang=en", () => {
    const { app, $, transport } = mount({ lang: "en", title: "Neurocode" });
    expect($("sb-launcher").getAttribute("aria-label")).toBe("Open chat");
    app.open();
    expect($("sb-input").getAttribute("placeholder")).toBe("Type a message…");
    transport.emit("typing", { who: "bot", typing: true });
    expect($("sb-typing").textContent).toContain("The assistant is typing…");
  });
});

describe("widget UI: messages", () => {
  it("renders authors, labels, seq and times; escapes HTML", () => {
    const { app, transport, messages, shadow } = mount();
    app.open();
    transport.emit("messages", {
      messages: [
        msg(1, "customer", "Привет", { created_at: "2025-03-15T10:00:00Z" }),
        msg(2, "bot", "**Здравствуйте**! <img src=x onerror=alert(1)>", { created_at: new Date().toISOString() }),
        msg(3, "manager", "Менеджер Анна на связи"),
        msg(4, "system", "Диалог передан менеджеру"),
      ],
      source: "sync",
      initial: true,
    });
    const els = messages();
    expect(els.map((e) => [e.dataset.author, e.dataset.seq])).toEqual([["customer", "1"], ["bot", "2"], ["manager", "3"], ["system", "4"]]);
    expect(els[1].querySelector("strong")!.textContent).toBe("Здравствуйте");
    expect(shadow.querySelector(".sb-bubble img")).toBeNull();
    expect(els[1].textContent).toContain("<img src=x onerror=alert(1)>");
    expect(els[2].querySelector(".sb-label")!.textContent).toBe("Менеджер");
    expect(els[0].querySelector("time")!.getAttribute("datetime")).toBe("2025-03-15T10:00:00Z");
    // An older message carries its date; today's only the time.
    expect(els[0].querySelector("time")!.textContent).toMatch(/^15\.03, \d\d:\d\d$/);
    expect(els[1].querySelector("time")!.textContent).toMatch(/^\d\d:\d\d$/);
  });

  it("does not duplicate a message the server sends twice", () => {
    const { app, transport, messages } = mount();
    app.open();
    transport.emit("messages", { messages: [msg(1, "bot", "a")], source: "live", initial: false });
    transport.emit("messages", { messages: [msg(1, "bot", "a"), msg(2, "bot", "b")], source: "sync", initial: false });
    expect(messages().map((e) => e.dataset.seq)).toEqual(["1", "2"]);
  });

  it("sends on Enter with an optimistic bubble, then replaces it with the acknowledged message", async () => {
    const { app, transport, messages, type, key, $ } = mount();
    app.open();
    type("Сколько стоит облако?");
    key($("sb-input"), "Enter");
    expect(transport.sends).toHaveLength(1);
    const body = transport.sends[0].body;
    expect(body.text).toBe("Сколько стоит облако?");
    expect(body.client_message_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.attachment_ids).toEqual([]);
    expect($<HTMLTextAreaElement>("sb-input").value).toBe("");
    let els = messages();
    expect(els).toHaveLength(1);
    expect(els[0].dataset.author).toBe("customer");
    expect(els[0].dataset.status).toBe("pending");
    expect(els[0].dataset.seq).toBeUndefined();
    expect(els[0].textContent).toContain("Отправляется…");

    transport.sends[0].resolve(msg(5, "customer", "Сколько стоит облако?", { id: "srv-5" }));
    await flush();
    els = messages();
    expect(els).toHaveLength(1);
    expect(els[0].dataset.seq).toBe("5");
    expect(els[0].dataset.id).toBe("srv-5");
    expect(els[0].dataset.status).toBeUndefined();
    // The same message echoed by the server does not duplicate it.
    transport.emit("messages", { messages: [msg(5, "customer", "Сколько стоит облако?", { id: "srv-5" })], source: "live", initial: false });
    expect(messages()).toHaveLength(1);
  });

  it("keeps other message nodes in place (no re-created or moved bubbles) when a pending one is confirmed", async () => {
    const { app, transport, messages, type, $ } = mount();
    app.open();
    transport.emit("messages", { messages: [msg(1, "bot", "a"), msg(2, "bot", "b")], source: "sync", initial: true });
    type("вопрос");
    $<HTMLButtonElement>("sb-send").click();
    // The answer overtakes the ack.
    transport.emit("messages", { messages: [msg(4, "bot", "ответ")], source: "live", initial: false });
    const before = messages();
    const list = $("sb-messages");
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((r) => records.push(...r));
    observer.observe(list, { childList: true, subtree: true });
    transport.sends[0].resolve(msg(3, "customer", "вопрос", { id: "srv-3" }));
    await flush();
    records.push(...observer.takeRecords());
    observer.disconnect();
    const removed = records.flatMap((r) => Array.from(r.removedNodes)).filter((n) => (n as HTMLElement).dataset?.testid === "sb-message");
    const after = messages();
    expect(after.map((e) => e.dataset.seq)).toEqual(["1", "2", "3", "4"]);
    expect(after[0]).toBe(before[0]);
    expect(after[3]).toBe(before[3]);
    expect(removed).toEqual([before[2]]);
  });

  it("Shift+Enter does not send; an empty message is not sent", () => {
    const { app, transport, type, key, $ } = mount();
    app.open();
    type("строка");
    key($("sb-input"), "Enter", { shiftKey: true });
    expect(transport.sends).toHaveLength(0);
    type("   ");
    key($("sb-input"), "Enter");
    expect(transport.sends).toHaveLength(0);
    expect($<HTMLButtonElement>("sb-send").disabled).toBe(true);
  });

  it("shows the error under a failed message and resends with the same id on Повторить", async () => {
    const { app, transport, messages, type, $ } = mount();
    app.open();
    type("Привет");
    $<HTMLButtonElement>("sb-send").click();
    transport.sends[0].reject({ code: "daily_message_cap", message: "На сегодня сообщений достаточно. Приходите завтра." });
    await flush();
    const el = messages()[0];
    expect(el.dataset.status).toBe("failed");
    expect(el.querySelector(".sb-error")!.textContent).toContain("На сегодня сообщений достаточно. Приходите завтра.");
    const retry = el.querySelector<HTMLButtonElement>(".sb-retry")!;
    expect(retry.textContent).toBe("Повторить");
    retry.click();
    expect(transport.sends).toHaveLength(2);
    expect(transport.sends[1].body.client_message_id).toBe(transport.sends[0].body.client_message_id);
    expect(messages()[0].dataset.status).toBe("pending");
    transport.sends[1].resolve(msg(1, "customer", "Привет", { id: "srv-1" }));
    await flush();
    expect(messages().map((m) => m.dataset.id)).toEqual(["srv-1"]);
  });

  it("quick replies: buttons under the last bot message send their payload and disappear", () => {
    const { app, transport, $$, messages } = mount();
    app.open();
    transport.emit("messages", {
      messages: [msg(1, "bot", "Где разместить систему?", { buttons: [{ text: "В облаке", payload: "облако" }, { text: "У себя", payload: "свой сервер" }] })],
      source: "live",
      initial: false,
    });
    const buttons = $$<HTMLButtonElement>("sb-quick-reply");
    expect(buttons.map((b) => b.textContent)).toEqual(["В облаке", "У себя"]);
    buttons[0].click();
    expect(transport.sends[0].body.text).toBe("облако");
    expect($$("sb-quick-reply")).toHaveLength(0);
    expect(messages().pop()!.dataset.author).toBe("customer");
  });

  it("quick replies belong only to the last message", () => {
    const { app, transport, $$ } = mount();
    app.open();
    transport.emit("messages", { messages: [msg(1, "bot", "Вопрос?", { buttons: [{ text: "Да", payload: "да" }] })], source: "live", initial: false });
    expect($$("sb-quick-reply")).toHaveLength(1);
    transport.emit("messages", { messages: [msg(2, "customer", "Другое")], source: "live", initial: false });
    expect($$("sb-quick-reply")).toHaveLength(0);
  });

  it("shows the typing indicator for the bot and the manager, hidden by their message", () => {
    const { app, transport, $ } = mount();
    app.open();
    const typing = $("sb-typing");
    expect(typing.hidden).toBe(true);
    transport.emit("typing", { who: "bot", typing: true });
    expect(typing.hidden).toBe(false);
    expect(typing.textContent).toBe("Ассистент печатает…");
    expect(typing.querySelectorAll(".sb-dots i")).toHaveLength(3);
    transport.emit("typing", { who: "manager", typing: true });
    expect(typing.textContent).toBe("Менеджер печатает…");
    transport.emit("messages", { messages: [msg(1, "manager", "Да?")], source: "live", initial: false });
    expect(typing.hidden).toBe(true);
    transport.emit("typing", { who: "bot", typing: true });
    transport.emit("typing", { who: "bot", typing: false });
    expect(typing.hidden).toBe(true);
  });

  it("streams a draft and replaces it with the final message", () => {
    const { app, transport, $, messages } = mount();
    app.open();
    transport.emit("typing", { who: "bot", typing: true });
    transport.emit("draft", { draft_id: "d1", text: "Облако стоит" });
    const draft = $("sb-draft");
    expect(draft.hidden).toBe(false);
    expect(draft.textContent).toBe("Облако стоит");
    expect($("sb-typing").hidden).toBe(true);
    transport.emit("draft", { draft_id: "d1", text: "Облако стоит **от 9 900 ₽**" });
    expect(draft.querySelector("strong")!.textContent).toBe("от 9 900 ₽");
    transport.emit("messages", { messages: [msg(3, "bot", "Облако стоит **от 9 900 ₽** в месяц.")], source: "live", initial: false });
    expect(draft.hidden).toBe(true);
    expect(messages()).toHaveLength(1);
  });

  it("announces a manager joining and leaving, with the status line", () => {
    const { app, transport, shadow, messages } = mount();
    app.open();
    const status = shadow.querySelector(".sb-status")!;
    expect(status.textContent).toBe("Онлайн");
    transport.emit("manager", { event: "joined", name: "Анна" });
    expect(messages().pop()!.textContent).toBe("Менеджер подключился к чату");
    expect(status.textContent).toBe("Менеджер в чате");
    transport.emit("manager", { event: "left", name: "Анна" });
    expect(messages().pop()!.textContent).toBe("Менеджер вернул диалог ассистенту");
    expect(status.textContent).toBe("Онлайн");
    transport.setMode("reconnecting");
    expect(status.textContent).toBe("Переподключение…");
  });

  it("shows server error events as a system line", () => {
    const { app, transport, messages } = mount();
    app.open();
    transport.emit("error", { code: "session_message_cap", message: "В этом диалоге уже много сообщений. Оставьте телефон — менеджер перезвонит." });
    const last = messages().pop()!;
    expect(last.dataset.author).toBe("system");
    expect(last.textContent).toBe("В этом диалоге уже много сообщений. Оставьте телефон — менеджер перезвонит.");
  });

  it("shows a notice and disables the composer when the site is not allowed", () => {
    const { app, transport, $, shadow } = mount();
    app.open();
    expect(shadow.activeElement).toBe($("sb-input"));
    transport.emit("blocked", { code: "origin_not_allowed", message: "Origin not allowed" });
    expect(shadow.activeElement).toBe($("sb-close"));
    expect($("sb-notice").hidden).toBe(false);
    expect($("sb-notice").textContent).toBe("Чат недоступен на этом сайте");
    expect($<HTMLTextAreaElement>("sb-input").disabled).toBe(true);
    expect($<HTMLButtonElement>("sb-send").disabled).toBe(true);
  });

  it("shows attachments: images as thumbnails, PDFs as links on the API host", () => {
    const { app, transport, $$ } = mount();
    app.open();
    transport.emit("messages", {
      messages: [
        msg(1, "bot", "Ваше КП", {
          attachments: [
            { name: "КП.pdf", content_type: "application/pdf", url: "/api/v1/files/abc?expires=1&signature=s" },
            { name: "схема.png", content_type: "image/png", url: "/api/v1/files/img" },
            { name: "evil", content_type: "application/pdf", url: "javascript:alert(1)" },
          ],
        }),
      ],
      source: "live",
      initial: false,
    });
    const links = $$<HTMLAnchorElement>("sb-attachment");
    expect(links).toHaveLength(2);
    expect(links[0].getAttribute("href")).toBe(`${HOST}/api/v1/files/abc?expires=1&signature=s`);
    expect(links[0].target).toBe("_blank");
    expect(links[0].rel).toBe("noopener noreferrer");
    expect(links[0].textContent).toBe("КП.pdf");
    expect(links[1].querySelector("img")!.getAttribute("src")).toBe(`${HOST}/api/v1/files/img`);
  });
});

describe("widget UI: unread, sound, typing out", () => {
  it("counts incoming messages on the badge while closed and clears it on open", () => {
    const { app, transport, $, prefs } = mount({}, { session: true });
    transport.mode = "socket";
    const badge = $("sb-badge");
    expect(badge.hidden).toBe(true);
    transport.emit("messages", { messages: [msg(1, "customer", "a"), msg(2, "bot", "b")], source: "live", initial: false });
    transport.emit("messages", { messages: [msg(3, "manager", "c"), msg(4, "system", "d")], source: "live", initial: false });
    expect(badge.hidden).toBe(false);
    expect(badge.textContent).toBe("2");
    expect($("sb-launcher").getAttribute("aria-label")).toBe("Открыть чат. Непрочитанных сообщений: 2");
    app.open();
    expect(badge.hidden).toBe(true);
    expect(transport.readCalls).toEqual([4]);
    expect(prefs.seenSeq()).toBe(4);
    // While open, new messages are seen at once.
    transport.emit("messages", { messages: [msg(5, "bot", "e")], source: "live", initial: false });
    expect(transport.readCalls).toEqual([4, 5]);
    app.close();
    transport.emit("messages", { messages: [msg(6, "bot", "f")], source: "live", initial: false });
    expect(badge.textContent).toBe("1");
  });

  it("after a reload counts only what came after the last seen seq", () => {
    const storage = new MemoryStorage();
    storage.setItem(`salesbot:${HOST}:seen`, "2");
    const { transport, $ } = mount({}, { session: true, storage });
    transport.emit("messages", { messages: [msg(1, "customer", "a"), msg(2, "bot", "b"), msg(3, "bot", "c")], source: "sync", initial: true });
    expect($("sb-badge").textContent).toBe("1");
  });

  it("a first sync without a seen mark does not flood the badge", () => {
    const { transport, $ } = mount({}, { session: true });
    transport.emit("messages", { messages: [msg(1, "bot", "a"), msg(2, "bot", "b")], source: "sync", initial: true });
    expect($("sb-badge").hidden).toBe(true);
  });

  it("beeps for new incoming messages when closed or unfocused, not for history, and not when muted", () => {
    const { app, transport, beeper, $, storage } = mount({}, { session: true });
    transport.emit("messages", { messages: [msg(1, "bot", "old")], source: "sync", initial: true });
    expect(beeper.beep).not.toHaveBeenCalled();
    transport.emit("messages", { messages: [msg(2, "bot", "new")], source: "live", initial: false });
    expect(beeper.beep).toHaveBeenCalledTimes(1);
    app.open();
    transport.emit("messages", { messages: [msg(3, "bot", "seen live")], source: "live", initial: false });
    expect(beeper.beep).toHaveBeenCalledTimes(1);
    vi.mocked(document.hasFocus).mockReturnValue(false);
    transport.emit("messages", { messages: [msg(4, "bot", "tab unfocused")], source: "live", initial: false });
    expect(beeper.beep).toHaveBeenCalledTimes(2);
    const sound = $("sb-sound");
    expect(sound.getAttribute("aria-pressed")).toBe("true");
    sound.click();
    expect(sound.getAttribute("aria-pressed")).toBe("false");
    expect(storage.getItem(`salesbot:${HOST}:sound`)).toBe("off");
    transport.emit("messages", { messages: [msg(5, "bot", "muted")], source: "live", initial: false });
    expect(beeper.beep).toHaveBeenCalledTimes(2);
  });

  it("throttles typing: at most once per 2 s, typing:false after 3 s idle", () => {
    vi.useFakeTimers();
    const { app, transport, type } = mount();
    app.open();
    type("П");
    vi.advanceTimersByTime(500);
    type("Пр");
    vi.advanceTimersByTime(500);
    type("При");
    expect(transport.typingCalls).toEqual([true]);
    vi.advanceTimersByTime(1100);
    type("Прив");
    expect(transport.typingCalls).toEqual([true, true]);
    vi.advanceTimersByTime(2999);
    expect(transport.typingCalls).toEqual([true, true]);
    vi.advanceTimersByTime(1);
    expect(transport.typingCalls).toEqual([true, true, false]);
  });

  it("shows the character counter near the limit and refuses too long a text", () => {
    const { app, transport, type, $ } = mount();
    app.open();
    transport.emit("config", { ...transport.config, max_message_length: 100 });
    const counter = $("sb-input").closest("form")!.querySelector(".sb-counter") as HTMLElement;
    type("x".repeat(50));
    expect(counter.hidden).toBe(true);
    type("x".repeat(85));
    expect(counter.hidden).toBe(false);
    expect(counter.textContent).toBe("85 / 100");
    type("x".repeat(101));
    expect($<HTMLButtonElement>("sb-send").disabled).toBe(true);
    expect(counter.classList.contains("sb-over")).toBe(true);
  });

  it("uploads chosen files, checks them first, and sends their ids", async () => {
    const { app, transport, $, messages } = mount();
    app.open();
    const input = $<HTMLInputElement>("sb-file");
    expect(input.getAttribute("accept")).toContain("application/pdf");
    const pdf = new File(["%PDF-1.4"], "бриф.pdf", { type: "application/pdf" });
    const exe = new File(["MZ"], "virus.exe", { type: "application/x-msdownload" });
    Object.defineProperty(input, "files", { value: [pdf, exe], configurable: true });
    input.dispatchEvent(new Event("change"));
    expect(transport.uploads).toEqual([pdf]);
    const hint = $("sb-input").closest("form")!.querySelector(".sb-hint") as HTMLElement;
    expect(hint.hidden).toBe(false);
    expect(hint.textContent).toContain("virus.exe");
    await flush();
    expect($<HTMLButtonElement>("sb-send").disabled).toBe(false);
    $<HTMLButtonElement>("sb-send").click();
    expect(transport.sends[0].body).toMatchObject({ text: "", attachment_ids: ["up1"] });
    expect(messages()[0].querySelector(".sb-file")!.textContent).toBe("бриф.pdf");
  });
});
