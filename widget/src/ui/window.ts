/** The chat window: header (title, status, sound, close), notice, message list and composer. */
import type { Strings } from "../i18n";
import { h, icon, ICONS, setIcon } from "./dom";

export type StatusState = "online" | "manager" | "reconnecting" | "blocked";

export interface ChatWindowOptions {
  t: Strings;
  title: string;
  soundOn: boolean;
  onClose(): void;
  onSound(on: boolean): void;
}

export class ChatWindow {
  readonly el: HTMLDivElement;
  private readonly status: HTMLDivElement;
  private readonly notice: HTMLDivElement;
  private readonly sound: HTMLButtonElement;
  readonly close: HTMLButtonElement;
  private soundOn: boolean;

  constructor(private readonly o: ChatWindowOptions, list: HTMLElement, composer: HTMLElement) {
    const t = o.t;
    this.soundOn = o.soundOn;
    this.status = h("div", { class: "sb-status", "data-testid": "sb-status", "data-state": "online" }, t.online);
    this.sound = h("button", { type: "button", class: "sb-icon", "data-testid": "sb-sound" });
    this.close = h("button", { type: "button", class: "sb-icon", "data-testid": "sb-close", "aria-label": t.closeChat, title: t.closeChat }, icon(ICONS.close));
    this.notice = h("div", { class: "sb-notice", "data-testid": "sb-notice", role: "status", hidden: true });
    this.el = h(
      "div",
      { class: "sb-window", role: "dialog", "aria-modal": "false", "aria-label": o.title, "data-testid": "sb-window", hidden: true },
      h(
        "div",
        { class: "sb-header" },
        h("div", { class: "sb-avatar", "aria-hidden": "true" }, icon(ICONS.chat)),
        h("div", { class: "sb-titles" }, h("h2", { class: "sb-title" }, o.title), this.status),
        this.sound,
        this.close,
      ),
      this.notice,
      list,
      composer,
    );
    this.paintSound();
    this.sound.addEventListener("click", () => {
      this.soundOn = !this.soundOn;
      this.paintSound();
      o.onSound(this.soundOn);
    });
    this.close.addEventListener("click", () => o.onClose());
  }

  private paintSound(): void {
    const label = this.o.t.sound;
    setIcon(this.sound, this.soundOn ? ICONS.soundOn : ICONS.soundOff);
    this.sound.setAttribute("aria-label", label);
    this.sound.setAttribute("title", label);
    this.sound.setAttribute("aria-pressed", String(this.soundOn));
  }

  setStatus(state: StatusState): void {
    const t = this.o.t;
    this.status.setAttribute("data-state", state);
    this.status.textContent =
      state === "manager" ? t.managerOnline : state === "reconnecting" ? t.reconnecting : state === "blocked" ? t.unavailable : t.online;
  }

  setNotice(text: string | null): void {
    this.notice.textContent = text || "";
    this.notice.hidden = !text;
  }
}
