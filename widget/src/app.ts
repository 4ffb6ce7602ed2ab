/** Glue: the widget's state (store, transport) and its DOM (launcher, window) in one shadow root. */
import type { WidgetConfig } from "./config";
import { warn } from "./emitter";
import { errorText, strings, type Strings } from "./i18n";
import { newClientId } from "./message";
import type { SessionStore } from "./session";
import { isIncoming, type MessageStore } from "./store";
import { CSS, onAccent } from "./styles";
import type { ChatTransport, TransportEvents } from "./transport";
import type { ChatError, UploadedFile } from "./types";
import { Composer } from "./ui/composer";
import { h } from "./ui/dom";
import { Launcher } from "./ui/launcher";
import { MessageList } from "./ui/messages";
import { ChatWindow, type StatusState } from "./ui/window";

export interface AppDeps {
  transport: ChatTransport;
  store: MessageStore;
  prefs: SessionStore;
  beeper?: { unlock(): void; beep(): void };
  doc?: Document;
}

const TYPING_OUT_EVERY_MS = 2000;
const TYPING_IDLE_MS = 3000;
const TYPING_IN_MAX_MS = 30000;
const DRAFT_MAX_MS = 90000;

export class App {
  host!: HTMLElement;
  shadow!: ShadowRoot;
  private root!: HTMLElement;
  private readonly t: Strings;
  private readonly doc: Document;
  private readonly transport: ChatTransport;
  private readonly store: MessageStore;
  private readonly prefs: SessionStore;
  private readonly beeper?: { unlock(): void; beep(): void };
  private launcher!: Launcher;
  private win!: ChatWindow;
  private list!: MessageList;
  private composer!: Composer;

  private opened = false;
  private blocked = false;
  private troubled = false;
  private managerActive = false;
  private soundOn: boolean;
  private lastReadSent = 0;
  private typingIn: "bot" | "manager" | null = null;
  private typingInTimer: ReturnType<typeof setTimeout> | null = null;
  private draftTimer: ReturnType<typeof setTimeout> | null = null;
  private draftShown = false;
  private typingOut = false;
  private lastTypingSent = 0;
  private typingIdle: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly cfg: WidgetConfig,
    deps: AppDeps,
  ) {
    this.t = strings(cfg.lang);
    this.doc = deps.doc || document;
    this.transport = deps.transport;
    this.store = deps.store;
    this.prefs = deps.prefs;
    this.beeper = deps.beeper;
    this.soundOn = this.prefs.soundOn();
  }

  get isOpen(): boolean {
    return this.opened;
  }

  mount(): void {
    const { cfg, t, doc } = this;
    this.host = doc.createElement("div");
    this.host.setAttribute("data-salesbot-widget", "");
    this.shadow = this.host.attachShadow({ mode: "open" });
    const style = doc.createElement("style");
    style.textContent = CSS;

    this.list = new MessageList({
      t,
      lang: cfg.lang,
      host: cfg.host,
      greeting: cfg.greeting,
      onQuickReply: (payload) => {
        this.send(payload, []);
        this.composer.focus();
      },
      onRetry: (id) => this.retry(id),
    });
    this.composer = new Composer({
      t,
      lang: cfg.lang,
      onSend: (text, files) => this.send(text, files),
      onInput: (text) => this.visitorTyping(text),
      upload: (file, progress) => this.transport.upload(file, progress),
      uploadError: (err, name) => errorText(t, err as ChatError, t.uploadFailed(name)),
    });
    this.win = new ChatWindow(
      {
        t,
        title: cfg.title,
        soundOn: this.soundOn,
        onClose: () => this.close(),
        onSound: (on) => {
          this.soundOn = on;
          this.prefs.saveSound(on);
          if (on && this.beeper) this.beeper.unlock();
        },
      },
      this.list.el,
      this.composer.el,
    );
    this.launcher = new Launcher(t, () => {
      if (this.beeper) this.beeper.unlock();
      this.toggle();
    });
    this.root = h(
      "div",
      {
        class: `sb-root sb-${cfg.position}`,
        lang: cfg.lang,
        dir: "ltr",
        // cfg.color passed safeColor(): it cannot leave this declaration.
        style: `--sb-accent:${cfg.color};--sb-on:${onAccent(cfg.color)}`,
      },
      this.win.el,
      this.launcher.el,
    );
    this.root.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && this.opened) {
        e.stopPropagation();
        this.close();
      }
    });
    this.shadow.append(style, this.root);
    (doc.body || doc.documentElement).appendChild(this.host);

    this.listen();
    const seeAgain = (): void => this.seeAll();
    doc.addEventListener("visibilitychange", seeAgain);
    if (doc.defaultView) doc.defaultView.addEventListener("focus", seeAgain);

    // A returning visitor: connect in the background for the badge and missed messages.
    if (this.transport.hasSession()) void this.transport.start(false);
  }

  private on<K extends keyof TransportEvents>(event: K, fn: (payload: TransportEvents[K]) => void): void {
    this.transport.on(event, (p) => {
      try {
        fn(p);
      } catch (err) {
        warn(err);
      }
    });
  }

  private listen(): void {
    const t = this.t;
    this.on("messages", ({ messages, initial }) => {
      const firstVisit = initial && this.prefs.seenSeq() === null;
      const added = this.store.merge(messages);
      if (firstVisit) this.markSeen();
      let incoming = 0;
      for (const m of added) {
        if (!isIncoming(m)) continue;
        incoming++;
        this.managerActive = m.author === "manager";
        if (this.typingIn === m.author) this.setTypingIn(null);
        if (m.author === "bot") this.setDraft(null);
      }
      this.seeAll();
      this.render();
      this.paintStatus();
      if (incoming && !initial && this.soundOn && this.beeper && !this.attended()) this.beeper.beep();
    });
    this.on("typing", ({ who, typing }) => {
      if (typing) this.setTypingIn(who);
      else if (this.typingIn === who) this.setTypingIn(null);
    });
    this.on("draft", ({ text }) => this.setDraft(text));
    this.on("manager", ({ event }) => {
      this.managerActive = event === "joined";
      this.store.addSystem(event === "joined" ? t.managerJoined : t.managerLeft);
      this.setTypingIn(null);
      this.render();
      this.paintStatus();
    });
    this.on("read", ({ seq }) => {
      this.store.setReadSeq(seq);
      this.render();
    });
    this.on("error", (err) => {
      this.store.addSystem(errorText(t, err, t.sendFailed));
      this.render();
    });
    this.on("blocked", () => {
      this.blocked = true;
      this.win.setNotice(t.notAllowed);
      const hadFocus = !!this.shadow.activeElement;
      this.composer.setEnabled(false);
      this.paintStatus();
      // The disabled input lost the focus: keep it in the window.
      if (this.opened && hadFocus) this.win.close.focus();
    });
    this.on("trouble", (err) => {
      this.troubled = !!err;
      if (!this.blocked) this.win.setNotice(err && this.opened ? t.connectFailed : null);
      this.paintStatus();
    });
    this.on("mode", () => this.paintStatus());
    this.on("config", (config) => this.composer.setLimits(config));
    this.on("reset", () => {
      this.store.reset();
      this.lastReadSent = 0;
      this.managerActive = false;
      this.setTypingIn(null);
      this.setDraft(null);
      this.render();
      this.paintStatus();
    });
  }

  private paintStatus(): void {
    const mode = this.transport.mode;
    const state: StatusState = this.blocked
      ? "blocked"
      : mode === "reconnecting" || this.troubled
        ? "reconnecting"
        : this.managerActive
          ? "manager"
          : "online";
    this.win.setStatus(state);
  }

  private render(forceScroll = false): void {
    this.list.render(this.store.list(), this.store.readSeq, forceScroll);
    this.launcher.setUnread(this.opened ? 0 : this.store.unreadCount());
  }

  /** The visitor can see the conversation. */
  private visible(): boolean {
    return this.opened && this.doc.visibilityState !== "hidden";
  }

  /** …and is looking at this tab right now. */
  private attended(): boolean {
    try {
      return this.visible() && this.doc.hasFocus();
    } catch {
      return this.visible();
    }
  }

  private markSeen(): void {
    if (this.store.markSeen()) this.prefs.saveSeenSeq(this.store.seenSeq);
  }

  /** When the window is open and visible: everything is seen, and the company is told so. */
  private seeAll(): void {
    if (!this.visible()) return;
    this.markSeen();
    if (this.store.lastSeq > this.lastReadSent && this.transport.mode === "socket") {
      this.lastReadSent = this.store.lastSeq;
      this.transport.read(this.store.lastSeq);
    }
    this.launcher.setUnread(0);
  }

  private setTypingIn(who: "bot" | "manager" | null): void {
    if (this.typingInTimer) clearTimeout(this.typingInTimer);
    this.typingInTimer = null;
    this.typingIn = who;
    // A streaming draft already shows that the bot is answering.
    this.list.setTyping(who === "bot" && this.draftShown ? null : who);
    if (who) this.typingInTimer = setTimeout(() => this.setTypingIn(null), TYPING_IN_MAX_MS);
  }

  private setDraft(text: string | null): void {
    if (this.draftTimer) clearTimeout(this.draftTimer);
    this.draftTimer = null;
    this.draftShown = !!text;
    this.list.setDraft(text);
    if (text) {
      if (this.typingIn === "bot") this.list.setTyping(null);
      this.draftTimer = setTimeout(() => this.setDraft(null), DRAFT_MAX_MS);
    }
  }

  private visitorTyping(text: string): void {
    if (!text.trim()) return this.stopTyping();
    const now = Date.now();
    if (!this.typingOut || now - this.lastTypingSent >= TYPING_OUT_EVERY_MS) {
      this.typingOut = true;
      this.lastTypingSent = now;
      this.transport.typing(true);
    }
    if (this.typingIdle) clearTimeout(this.typingIdle);
    this.typingIdle = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    if (this.typingIdle) clearTimeout(this.typingIdle);
    this.typingIdle = null;
    if (this.typingOut) {
      this.typingOut = false;
      this.transport.typing(false);
    }
  }

  /** Shows the message at once and sends it; the server's copy replaces it on the ack. */
  private send(text: string, files: UploadedFile[]): boolean {
    if (this.blocked || (!text && !files.length)) return false;
    // A message of files alone goes with an empty text (the server accepts it with files).
    const body = text;
    const cmid = newClientId();
    const ids = files.map((f) => f.id);
    const entry = this.store.addPending(
      body,
      cmid,
      files.map((f) => ({ name: f.name, content_type: f.content_type, url: f.url, size: f.size })),
      ids,
    );
    this.stopTyping();
    this.render(true);
    this.deliver(entry.id, { text: body, client_message_id: cmid, attachment_ids: ids });
    return true;
  }

  private deliver(localId: string, body: { text: string; client_message_id: string; attachment_ids: string[] }): void {
    this.transport
      .send(body)
      .then(
        (message) => this.store.confirm(localId, message),
        (err: ChatError) => this.store.fail(localId, errorText(this.t, err || {}, this.t.sendFailed)),
      )
      .then(() => {
        this.seeAll();
        this.render();
      });
  }

  private retry(localId: string): void {
    const e = this.store.retrying(localId);
    if (!e || !e.local) return;
    this.render();
    this.deliver(e.id, { text: e.text, client_message_id: e.local.client_message_id, attachment_ids: e.local.attachment_ids });
  }

  open(): void {
    if (this.opened) return;
    this.opened = true;
    this.win.el.hidden = false;
    this.root.classList.add("sb-open");
    this.launcher.setOpen(true);
    if (this.troubled && !this.blocked) this.win.setNotice(this.t.connectFailed);
    this.transport.setWindowOpen(true);
    if (!this.blocked) void this.transport.start(true);
    this.seeAll();
    this.render(true);
    if (this.blocked) this.win.close.focus();
    else this.composer.focus();
  }

  close(): void {
    if (!this.opened) return;
    const focusInside = !!this.shadow.activeElement;
    this.opened = false;
    this.win.el.hidden = true;
    this.root.classList.remove("sb-open");
    this.launcher.setOpen(false);
    this.transport.setWindowOpen(false);
    this.stopTyping();
    this.render();
    if (focusInside) this.launcher.el.focus();
  }

  toggle(): void {
    if (this.opened) this.close();
    else this.open();
  }
}
