/** The scrollable history: greeting, messages, streaming draft, quick replies, typing indicator. */
import { formatSize, isImage, resolveUrl } from "../files";
import type { Lang, Strings } from "../i18n";
import { renderMarkdown } from "../markdown";
import type { Entry } from "../store";
import type { Attachment } from "../types";
import { formatTime, h, icon, ICONS } from "./dom";

export interface MessageListOptions {
  t: Strings;
  lang: Lang;
  host: string;
  greeting: string;
  onQuickReply(payload: string, messageId: string): void;
  onRetry(localId: string): void;
}

function attachmentNode(a: Attachment, host: string, lang: Lang, t: Strings): HTMLElement {
  const href = resolveUrl(a.url, host);
  const label = a.size ? `${a.name}, ${formatSize(a.size, lang)}` : a.name;
  if (href && isImage(a.content_type)) {
    return h(
      "a",
      { class: "sb-thumb", href, target: "_blank", rel: "noopener noreferrer", "data-testid": "sb-attachment", title: a.name },
      h("img", { src: href, alt: a.name || t.attachment, loading: "lazy" }),
    );
  }
  const pdf = /pdf$/i.test(a.content_type) || /\.pdf$/i.test(a.name);
  const name = h("span", null, a.name);
  if (!href) return h("div", { class: "sb-file", title: label }, icon(ICONS.file), name);
  return h(
    "a",
    {
      class: "sb-file",
      href,
      target: "_blank",
      rel: "noopener noreferrer",
      // A PDF opens in the browser's viewer; other documents are downloaded.
      download: pdf ? null : a.name,
      title: label,
      "data-testid": "sb-attachment",
    },
    icon(ICONS.file),
    name,
  );
}

export class MessageList {
  readonly el: HTMLDivElement;
  private readonly items: HTMLDivElement;
  private readonly draft: HTMLDivElement;
  private readonly draftText: HTMLDivElement;
  private readonly quick: HTMLDivElement;
  private readonly typing: HTMLDivElement;
  private readonly typingLabel: HTMLSpanElement;
  private readonly nodes = new Map<string, { el: HTMLElement; version: number; read: boolean }>();
  private quickFor = "";
  private dismissed = new Set<string>();

  constructor(private readonly o: MessageListOptions) {
    const t = o.t;
    this.items = h("div", { class: "sb-items" });
    this.draftText = h("div", { class: "sb-text" });
    this.draft = h(
      "div",
      { class: "sb-msg sb-msg--bot sb-draft", "data-testid": "sb-draft", hidden: true },
      h("div", { class: "sb-bubble" }, this.draftText),
    );
    this.quick = h("div", { class: "sb-quick", role: "group", hidden: true });
    this.typingLabel = h("span", null, t.botTyping);
    this.typing = h(
      "div",
      { class: "sb-typing", "data-testid": "sb-typing", hidden: true },
      h("span", { class: "sb-dots", "aria-hidden": "true" }, h("i"), h("i"), h("i")),
      this.typingLabel,
    );
    const greeting = o.greeting
      ? h(
          "div",
          { class: "sb-msg sb-msg--bot", "data-testid": "sb-greeting", "data-author": "bot" },
          bubble(o.greeting),
        )
      : null;
    this.el = h(
      "div",
      { class: "sb-messages", "data-testid": "sb-messages", role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: 0 },
      greeting,
      this.items,
      this.draft,
      this.quick,
      this.typing,
    );
  }

  private atBottom(): boolean {
    const el = this.el;
    return el.scrollHeight - el.scrollTop - el.clientHeight < 60;
  }

  scrollToBottom(): void {
    this.el.scrollTop = this.el.scrollHeight;
  }

  /** Runs a change and keeps the view pinned to the bottom if it was there (or if forced). */
  private keepBottom(change: () => void, force = false): void {
    const stick = force || this.atBottom();
    change();
    if (stick) this.scrollToBottom();
  }

  render(entries: Entry[], readSeq: number, forceScroll = false): void {
    this.keepBottom(() => {
      // Gone first (e.g. a pending copy replaced by the server's): moving a node restarts its
      // animation, so the others must find their places without being moved.
      const ids = new Set(entries.map((e) => e.id));
      this.nodes.forEach((node, id) => {
        if (!ids.has(id)) {
          node.el.remove();
          this.nodes.delete(id);
        }
      });
      let prev: HTMLElement | null = null;
      for (const e of entries) {
        const read = e.author === "customer" && e.seq !== null && e.seq <= readSeq;
        let node = this.nodes.get(e.id);
        if (!node || node.version !== e.version || node.read !== read) {
          const el = this.messageNode(e, read);
          if (node) node.el.replaceWith(el);
          node = { el, version: e.version, read };
          this.nodes.set(e.id, node);
        }
        const want: ChildNode | null = prev ? prev.nextSibling : this.items.firstChild;
        if (want !== node.el) this.items.insertBefore(node.el, want);
        prev = node.el;
      }
      this.renderQuickReplies(entries);
    }, forceScroll);
  }

  private messageNode(e: Entry, read: boolean): HTMLElement {
    const t = this.o.t;
    const local = e.local;
    const cls = `sb-msg sb-msg--${e.author}${local && local.status === "pending" ? " sb-pending" : ""}${local && local.status === "failed" ? " sb-failed" : ""}`;
    const el = h("div", {
      class: cls,
      "data-testid": "sb-message",
      "data-author": e.author,
      "data-seq": e.seq === null ? null : e.seq,
      "data-id": e.id,
      "data-status": local && e.author === "customer" ? local.status : null,
    });
    if (e.author === "system") {
      el.append(h("div", { class: "sb-text" }, e.text));
      return el;
    }
    if (e.author === "manager") el.append(h("div", { class: "sb-label" }, t.manager));
    else el.append(h("div", { class: "sb-sr" }, e.author === "customer" ? t.you : t.assistant));
    const b = e.text ? bubble(e.text) : h("div", { class: "sb-bubble" });
    if (e.attachments.length) {
      b.append(h("div", { class: "sb-files" }, ...e.attachments.map((a) => attachmentNode(a, this.o.host, this.o.lang, t))));
    }
    el.append(b);
    const meta = h("div", { class: "sb-meta" }, h("time", { datetime: e.created_at }, formatTime(e.created_at, this.o.lang)));
    if (e.author === "customer") {
      if (local && local.status === "pending") meta.append(h("span", null, `· ${t.sending}`));
      else if (!local || local.status === "sent") {
        meta.append(h("span", { title: read ? t.read : t.delivered, "aria-label": read ? t.read : t.delivered }, read ? "✓✓" : "✓"));
      }
    }
    el.append(meta);
    if (local && local.status === "failed") {
      const retry = h("button", { type: "button", class: "sb-retry" }, t.retry);
      retry.addEventListener("click", () => this.o.onRetry(e.id));
      el.append(h("div", { class: "sb-error", role: "alert" }, local.error || t.sendFailed, retry));
    }
    return el;
  }

  /** Buttons under the last message when it is the bot's or a manager's and has any. */
  private renderQuickReplies(entries: Entry[]): void {
    let last: Entry | undefined;
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i].author !== "system") {
        last = entries[i];
        break;
      }
    }
    const show = !!last && last.author !== "customer" && last.buttons.length > 0 && !this.dismissed.has(last.id);
    if (!show || !last) {
      this.quick.hidden = true;
      this.quick.textContent = "";
      this.quickFor = "";
      return;
    }
    if (this.quickFor === `${last.id}:${last.version}`) return;
    this.quickFor = `${last.id}:${last.version}`;
    const id = last.id;
    this.quick.textContent = "";
    for (const btn of last.buttons) {
      const b = h("button", { type: "button", "data-testid": "sb-quick-reply" }, btn.text);
      b.addEventListener("click", () => {
        this.dismissed.add(id);
        this.quick.hidden = true;
        this.quick.textContent = "";
        this.quickFor = "";
        this.o.onQuickReply(btn.payload, id);
      });
      this.quick.append(b);
    }
    this.quick.hidden = false;
  }

  setTyping(who: "bot" | "manager" | null): void {
    this.keepBottom(() => {
      this.typing.hidden = !who;
      if (who) this.typingLabel.textContent = who === "manager" ? this.o.t.managerTyping : this.o.t.botTyping;
    });
  }

  setDraft(text: string | null): void {
    this.keepBottom(() => {
      this.draft.hidden = !text;
      this.draftText.innerHTML = text ? renderMarkdown(text) : "";
    });
  }
}

function bubble(text: string): HTMLDivElement {
  const content = h("div", { class: "sb-text" });
  // renderMarkdown escapes every character of the text before adding its own few tags.
  content.innerHTML = renderMarkdown(text);
  return h("div", { class: "sb-bubble" }, content);
}
