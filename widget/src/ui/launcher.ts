/** The round button in the corner, with the unread badge. */
import type { Strings } from "../i18n";
import { h, icon, ICONS, setIcon } from "./dom";

export class Launcher {
  readonly el: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private open = false;
  private unread = 0;

  constructor(private readonly t: Strings, onClick: () => void) {
    this.badge = h("span", { class: "sb-badge", "data-testid": "sb-badge", "aria-hidden": "true", hidden: true });
    this.el = h(
      "button",
      { type: "button", class: "sb-launcher", "data-testid": "sb-launcher", "aria-expanded": "false", "aria-haspopup": "dialog" },
      icon(ICONS.chat),
      this.badge,
    );
    this.el.addEventListener("click", onClick);
    this.label();
  }

  private label(): void {
    const base = this.open ? this.t.closeChat : this.t.openChat;
    this.el.setAttribute("aria-label", this.unread && !this.open ? `${base}. ${this.t.unread(this.unread)}` : base);
  }

  setOpen(open: boolean): void {
    this.open = open;
    this.el.setAttribute("aria-expanded", String(open));
    setIcon(this.el, open ? ICONS.down : ICONS.chat);
    this.label();
  }

  setUnread(n: number): void {
    this.unread = n;
    this.badge.hidden = n <= 0;
    this.badge.textContent = n > 99 ? "99+" : n > 0 ? String(n) : "";
    this.label();
  }
}
