import type { Translate } from "../i18n";
import type { ChatEntry } from "../store";
import type { Choice, Mode } from "../types";
import { CSS, STYLE_ID } from "./styles";

export type Status = "waiting" | "thinking" | "answering";

export interface ViewHandlers {
  send(text: string): void;
  choose(choice: Choice): void;
  copy(): void;
  clear(): void;
}

const SVG = "http://www.w3.org/2000/svg";
/** The back end takes questions of up to 2000 characters. */
export const MAX_QUESTION = 2000;
const CHAT_ICON = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z";
const SEND_ICON = "M3 20.5 21.5 12 3 3.5v6.6L16 12 3 13.9z";
let seq = 0;

function icon(doc: Document, path: string): SVGSVGElement {
  const svg = doc.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const p = doc.createElementNS(SVG, "path");
  p.setAttribute("d", path);
  svg.appendChild(p);
  return svg;
}

/** The launcher and the chat window: DOM only, no state of the chat. */
export class ChatView {
  readonly root: HTMLElement;
  readonly launcher: HTMLButtonElement;
  readonly dialog: HTMLElement;
  readonly log: HTMLElement;
  readonly input: HTMLTextAreaElement;
  readonly sendButton: HTMLButtonElement;
  readonly status: HTMLElement;
  readonly badge: HTMLElement;
  readonly notice: HTMLElement;
  private revealTimer: ReturnType<typeof setInterval> | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly doc: Document,
    private readonly t: Translate,
    private readonly on: ViewHandlers,
  ) {
    const id = `sbamo-${++seq}`;
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, attrs: Record<string, string> = {}) => {
      const e = doc.createElement(tag);
      e.className = cls;
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      return e;
    };
    this.root = el("div", "sbamo-root", { "data-salesbot-amocrm": "" });
    this.launcher = el("button", "sbamo-launcher", {
      type: "button",
      "aria-label": t("chat.open"),
      "aria-haspopup": "dialog",
      "aria-expanded": "false",
      "aria-controls": `${id}-dialog`,
    });
    this.launcher.appendChild(icon(doc, CHAT_ICON));

    this.dialog = el("div", "sbamo-dialog", { id: `${id}-dialog`, role: "dialog", "aria-labelledby": `${id}-title` });
    this.dialog.hidden = true;
    const head = el("div", "sbamo-head");
    const title = el("h2", "sbamo-title", { id: `${id}-title` });
    title.textContent = t("chat.title");
    this.badge = el("span", "sbamo-badge", { "data-testid": "sbamo-mode" });
    this.badge.hidden = true;
    const close = el("button", "sbamo-close", { type: "button", "aria-label": t("chat.close") });
    close.textContent = "×";
    const heading = el("div", "sbamo-heading");
    heading.append(title, this.badge);
    head.append(heading, close);

    this.log = el("div", "sbamo-log", { role: "log", "aria-live": "polite", "aria-label": t("chat.history_label") });

    const form = el("div", "sbamo-form");
    this.input = el("textarea", "sbamo-input", { rows: "1", "aria-label": t("chat.input_label"), placeholder: t("chat.placeholder"), maxlength: String(MAX_QUESTION) });
    this.sendButton = el("button", "sbamo-send", { type: "button", "aria-label": t("chat.send"), title: t("chat.send") });
    this.sendButton.appendChild(icon(doc, SEND_ICON));
    form.append(this.input, this.sendButton);

    const bar = el("div", "sbamo-bar");
    this.status = el("span", "sbamo-status", { role: "status", "data-testid": "sbamo-status" });
    this.notice = el("span", "sbamo-notice", { role: "status" });
    const copy = el("button", "sbamo-btn", { type: "button", "aria-label": t("chat.copy_label") });
    copy.textContent = t("chat.copy");
    const clear = el("button", "sbamo-btn", { type: "button", "aria-label": t("chat.clear_label") });
    clear.textContent = t("chat.clear");
    bar.append(this.status, this.notice, copy, clear);

    this.dialog.append(head, this.log, form, bar);
    this.root.append(this.launcher, this.dialog);

    this.launcher.addEventListener("click", () => (this.isOpen ? this.close() : this.open()));
    close.addEventListener("click", () => this.close());
    copy.addEventListener("click", () => this.on.copy());
    clear.addEventListener("click", () => this.on.clear());
    this.sendButton.addEventListener("click", () => this.on.send(this.input.value));
    this.input.addEventListener("input", () => this.fitInput());
    this.input.addEventListener("keydown", (e) => {
      if (e.key !== "Enter" || e.shiftKey || e.isComposing || e.keyCode === 229) return;
      e.preventDefault();
      this.on.send(this.input.value);
    });
    this.dialog.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      e.preventDefault();
      e.stopPropagation(); // amoCRM closes cards on Escape; only the chat should close
      this.close();
    });
  }

  get isOpen(): boolean {
    return !this.dialog.hidden;
  }

  mount(): void {
    if (!this.doc.getElementById(STYLE_ID)) {
      const style = this.doc.createElement("style");
      style.id = STYLE_ID;
      style.textContent = CSS;
      (this.doc.head || this.doc.documentElement).appendChild(style);
    }
    this.doc.body.appendChild(this.root);
  }

  unmount(): void {
    clearInterval(this.revealTimer);
    clearTimeout(this.noticeTimer);
    this.root.remove();
    this.doc.getElementById(STYLE_ID)?.remove();
  }

  open(): void {
    this.dialog.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.scrollDown();
    this.input.focus();
  }

  close(): void {
    const hadFocus = this.dialog.contains(this.doc.activeElement);
    this.dialog.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    if (hadFocus) this.launcher.focus();
  }

  setStatus(status: Status): void {
    this.status.textContent = this.t(`status.${status}`);
    this.status.dataset.status = status;
    this.log.setAttribute("aria-busy", String(status !== "waiting"));
  }

  setBusy(busy: boolean): void {
    this.sendButton.disabled = busy;
  }

  setMode(mode: Mode | null): void {
    this.badge.hidden = mode === null;
    this.badge.textContent = mode ? this.t(`mode.${mode}`) : "";
    if (mode) this.badge.dataset.mode = mode;
    else delete this.badge.dataset.mode;
  }

  clearInput(): void {
    this.input.value = "";
    this.fitInput();
  }

  showNotice(text: string, ms = 2500): void {
    clearTimeout(this.noticeTimer);
    this.notice.textContent = text;
    this.noticeTimer = setTimeout(() => (this.notice.textContent = ""), ms);
  }

  /** Draws the whole history; the last answer's choices become buttons when `offerChoices`. */
  renderMessages(messages: ChatEntry[], offerChoices: boolean): void {
    clearInterval(this.revealTimer);
    this.log.textContent = "";
    if (!messages.length) this.log.appendChild(this.bubble("bot", this.t("chat.greeting"), true));
    messages.forEach((m, i) => {
      this.log.appendChild(this.bubble(m.role, m.text));
      const last = i === messages.length - 1;
      if (last && offerChoices && m.role === "bot" && m.choices?.length) this.log.appendChild(this.choices(m.choices));
    });
    this.scrollDown();
  }

  /** Types out the last message over about `ms`, then calls `done` (at once when `ms` is 0). */
  reveal(ms: number, done: () => void): void {
    const target = this.log.lastElementChild as HTMLElement | null;
    const full = target?.textContent ?? "";
    if (!target || ms <= 0 || full.length < 2) return done();
    const steps = Math.max(1, Math.min(full.length, Math.round(ms / 30)));
    let step = 0;
    target.textContent = "";
    clearInterval(this.revealTimer);
    this.revealTimer = setInterval(() => {
      step++;
      target.textContent = full.slice(0, Math.ceil((full.length * step) / steps));
      this.scrollDown();
      if (step >= steps) {
        clearInterval(this.revealTimer);
        done();
      }
    }, 30);
  }

  private bubble(role: ChatEntry["role"], text: string, greeting = false): HTMLElement {
    const b = this.doc.createElement("div");
    b.className = `sbamo-msg sbamo-msg--${role}${greeting ? " sbamo-msg--greeting" : ""}`;
    b.dataset.role = greeting ? "greeting" : role;
    b.textContent = text;
    return b;
  }

  private choices(choices: Choice[]): HTMLElement {
    const group = this.doc.createElement("div");
    group.className = "sbamo-choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", this.t("chat.choices_label"));
    for (const c of choices) {
      const b = this.doc.createElement("button");
      b.type = "button";
      b.className = "sbamo-choice";
      b.textContent = c.label;
      b.setAttribute("aria-label", c.label);
      b.addEventListener("click", () => this.on.choose(c));
      group.appendChild(b);
    }
    return group;
  }

  private fitInput(): void {
    this.input.style.height = "auto";
    if (this.input.scrollHeight) this.input.style.height = `${Math.min(this.input.scrollHeight + 2, 120)}px`;
  }

  private scrollDown(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
