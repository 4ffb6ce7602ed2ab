/**
 * The connection to the back end: the session, the socket.io namespace `/chat` and the HTTP
 * fallback. The UI only sees an event emitter and a few methods, so it can be tested with a
 * fake transport, and this class can be tested with a fake socket and a fake API.
 */
import { type ChatApi, ApiError, type SendBody, type Upload } from "./api";
import { Emitter, warn } from "./emitter";
import { normalizeList, normalizeMessage } from "./message";
import { type SessionStore, isSessionGone } from "./session";
import type { ChatError, ChatMessage, ServerConfig, Session, UploadedFile } from "./types";
import { DEFAULT_SERVER_CONFIG } from "./types";

/**
 * idle: nothing started (or no session yet); connecting: first socket attempt;
 * socket: connected; reconnecting: lost, trying again; http: socket unreachable, HTTP API in use;
 * blocked: this site may not embed the chat.
 */
export type Mode = "idle" | "connecting" | "socket" | "reconnecting" | "http" | "blocked";

export type MessageSource = "sync" | "live" | "history" | "http";

export interface TransportEvents {
  mode: Mode;
  config: ServerConfig;
  messages: { messages: ChatMessage[]; source: MessageSource; initial: boolean };
  typing: { who: "bot" | "manager"; typing: boolean };
  draft: { draft_id: string; text: string };
  manager: { event: "joined" | "left"; name: string };
  read: { seq: number };
  /** Server `error` events: something the visitor should know. */
  error: ChatError;
  /** The server refused this site (origin_not_allowed). */
  blocked: ChatError;
  /** The session was replaced: the old conversation is gone. */
  reset: null;
  /** The server cannot be reached (null: reachable again). */
  trouble: ChatError | null;
}

/** What the UI needs from a transport. */
export interface ChatTransport extends Emitter<TransportEvents> {
  readonly mode: Mode;
  readonly config: ServerConfig;
  hasSession(): boolean;
  start(createSession: boolean): Promise<void>;
  send(body: SendBody): Promise<ChatMessage | null>;
  upload(file: File, onProgress: (fraction: number) => void): { promise: Promise<UploadedFile>; abort(): void };
  typing(typing: boolean): void;
  read(seq: number): void;
  setWindowOpen(open: boolean): void;
}

type Handler = (...args: any[]) => void;

/** The part of a socket.io-client Socket this module uses. */
export interface SocketLike {
  connected: boolean;
  readonly active?: boolean;
  auth: unknown;
  on(event: string, handler: Handler): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  connect(): unknown;
  disconnect(): unknown;
}

export interface SocketOptions {
  path: string;
  auth: { token: string };
  transports: string[];
  reconnection: boolean;
  reconnectionDelay: number;
  reconnectionDelayMax: number;
  randomizationFactor: number;
  tryAllTransports: boolean;
}

export type SocketFactory = (url: string, options: SocketOptions) => SocketLike;

export interface TransportOptions {
  host: string;
  api: ChatApi;
  sessions: SessionStore;
  socketFactory: SocketFactory;
  /** Highest seq the widget has seen (for `sync`). */
  lastSeq: () => number;
  fallbackAfterMs?: number;
  maxFailedAttempts?: number;
  ackTimeoutMs?: number;
  pollMs?: number;
}

/** How a send ended: the stored message (null when HTTP did not echo it) or the error. */
type Sent = { message: ChatMessage | null } | { error: ChatError };

const KNOWN_REFUSALS = /(invalid_chat_token|chat_session_not_found|origin_not_allowed|rate_limited)/;

/** The code of a refused socket connection, wherever the server library put it. */
export function connectErrorCode(err: unknown): string | null {
  const e = (err || {}) as { data?: unknown; message?: unknown };
  const pick = (d: unknown): string | null =>
    d && typeof d === "object" && typeof (d as { code?: unknown }).code === "string" ? (d as { code: string }).code : null;
  const code = pick(e.data) || (Array.isArray(e.data) ? pick(e.data[0]) : null);
  if (code) return code;
  const m = KNOWN_REFUSALS.exec(`${String(e.message ?? "")} ${typeof e.data === "string" ? e.data : ""}`);
  return m ? m[1] : null;
}

/** The server's words for a refused connection (python-socketio may send a dict's repr as the message). */
export function connectErrorMessage(err: unknown): string {
  const e = (err || {}) as { data?: { message?: unknown }; message?: unknown };
  const m = e.data && typeof e.data === "object" ? e.data.message : undefined;
  if (typeof m === "string") return m;
  const text = String(e.message ?? "");
  const inner = /["']message["']\s*:\s*(["'])((?:(?!\1).)*)\1/.exec(text);
  return inner ? inner[2] : text;
}

function asChatError(v: unknown, fallbackCode: string): ChatError {
  const e = (v && typeof v === "object" ? v : {}) as { code?: unknown; message?: unknown; details?: unknown };
  return {
    code: typeof e.code === "string" ? e.code : fallbackCode,
    message: typeof e.message === "string" ? e.message : "",
    details: e.details,
  };
}

export class Transport extends Emitter<TransportEvents> implements ChatTransport {
  mode: Mode = "idle";
  config: ServerConfig = DEFAULT_SERVER_CONFIG;

  private readonly o: Required<TransportOptions>;
  private session: Session | null;
  private socket: SocketLike | null = null;
  private configLoaded = false;
  private wantSession = false;
  private running: Promise<void> | null = null;
  private failedAttempts = 0;
  private fallbackTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private backoff = 0;
  private windowOpen = false;
  private loadedOnce = false;
  private waiters: Array<() => void> = [];
  private connections = 0; // connects so far: an ack timer knows whether its connection is gone

  constructor(options: TransportOptions) {
    super();
    this.o = { fallbackAfterMs: 8000, maxFailedAttempts: 3, ackTimeoutMs: 15000, pollMs: 15000, ...options };
    this.session = this.o.sessions.load();
  }

  hasSession(): boolean {
    return !!this.session;
  }

  /**
   * createSession=false: background start, only when a session is stored (unread messages, badge).
   * createSession=true: the visitor opened the chat; make a session if there is none.
   */
  start(createSession: boolean): Promise<void> {
    if (createSession) this.wantSession = true;
    if (this.mode === "blocked") return Promise.resolve();
    if (!this.running) {
      this.running = this.run()
        .catch((err) => warn(err))
        .then(() => {
          this.running = null;
        });
    }
    return this.running;
  }

  private setMode(mode: Mode): void {
    if (this.mode === mode) return;
    this.mode = mode;
    this.emit("mode", mode);
    if (mode === "socket" || mode === "http" || mode === "blocked") this.wake();
    if (mode === "http" && this.windowOpen) this.startPolling();
    if (mode !== "http") this.stopPolling();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }

  private block(err: ChatError): void {
    warn(err.message || err.code);
    this.setMode("blocked");
    this.clearTimers();
    if (this.socket) this.socket.disconnect();
    this.emit("blocked", err);
  }

  /** A failure to reach the server: tell the UI, and retry later if the visitor is waiting. */
  private trouble(err: ChatError): void {
    this.emit("trouble", err);
    if (!this.wantSession || this.retryTimer) return;
    this.backoff = Math.min(this.backoff ? this.backoff * 2 : 2000, 30000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.start(false);
    }, this.backoff);
  }

  private async run(): Promise<void> {
    if (!this.configLoaded) {
      try {
        this.config = await this.o.api.config();
        this.configLoaded = true;
        if (!this.config.allowed) return this.block({ code: "origin_not_allowed", message: "" });
        this.emit("config", this.config);
      } catch (err) {
        const e = err as ApiError;
        if (e.code === "origin_not_allowed") return this.block(e);
        if (e.status === 0 || e.status >= 500 || e.status === 429) return this.trouble(e);
        // Anything else (an older server without this endpoint…): go on with the defaults.
        warn("widget config:", e.message);
        this.configLoaded = true;
      }
    }
    if (!this.session) {
      if (!this.wantSession) return;
      try {
        this.session = await this.o.api.createSession();
        this.o.sessions.save(this.session);
      } catch (err) {
        const e = err as ApiError;
        if (e.code === "origin_not_allowed") return this.block(e);
        return this.trouble(e);
      }
    }
    this.backoff = 0;
    this.emit("trouble", null);
    this.connectSocket();
  }

  private connectSocket(): void {
    const session = this.session;
    if (!session) return;
    if (this.socket) {
      if (this.socket.connected) return;
      this.socket.auth = { token: session.token };
      this.socket.connect();
    } else {
      const socket = this.o.socketFactory(`${this.o.host}/chat`, {
        path: "/socket.io",
        auth: { token: session.token },
        transports: ["websocket", "polling"],
        reconnection: true,
        reconnectionDelay: 1000,
        reconnectionDelayMax: 15000,
        randomizationFactor: 0.5,
        // Without it engine.io gives up when the WebSocket fails and never tries long-polling.
        tryAllTransports: true,
      });
      this.socket = socket;
      this.listen(socket);
    }
    if (this.mode === "idle") this.setMode("connecting");
    this.armFallback();
  }

  private armFallback(): void {
    if (this.fallbackTimer || this.mode === "http") return;
    this.fallbackTimer = setTimeout(() => {
      this.fallbackTimer = null;
      if (!this.socket || !this.socket.connected) this.useHttp();
    }, this.o.fallbackAfterMs);
  }

  private useHttp(): void {
    if (this.mode === "blocked" || !this.session) return;
    if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
    this.fallbackTimer = null;
    this.setMode("http");
    if (this.windowOpen) void this.loadHistory();
  }

  private listen(socket: SocketLike): void {
    socket.on("connect", () => {
      this.connections++;
      this.failedAttempts = 0;
      if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
      this.fallbackTimer = null;
      this.setMode("socket");
      this.emit("trouble", null);
      this.sync();
    });
    socket.on("disconnect", (reason: string) => {
      if (this.mode === "blocked" || !this.session || reason === "io client disconnect") return;
      if (this.mode === "socket") this.setMode("reconnecting");
      // The server closed the connection itself: socket.io will not reconnect on its own.
      if (reason === "io server disconnect") this.later(() => socket.connect(), 2000);
      this.armFallback();
    });
    socket.on("connect_error", (err: unknown) => {
      const code = connectErrorCode(err);
      if (code === "origin_not_allowed") return this.block({ code, message: connectErrorMessage(err) });
      if (isSessionGone(code || undefined)) return void this.sessionGone();
      this.failedAttempts++;
      // A refusal by the server's middleware stops socket.io's own reconnection: retry ourselves.
      if (socket.active === false) this.later(() => socket.connect(), code === "rate_limited" ? 10000 : 5000);
      if (this.failedAttempts >= this.o.maxFailedAttempts && this.mode !== "http") this.useHttp();
    });
    socket.on("message", (raw: unknown) => {
      const m = normalizeMessage(raw, "bot");
      if (m) this.emit("messages", { messages: [m], source: "live", initial: false });
    });
    socket.on("typing", (p: { who?: unknown; typing?: unknown }) => {
      if (!p || (p.who !== "bot" && p.who !== "manager")) return;
      this.emit("typing", { who: p.who, typing: !!p.typing });
    });
    socket.on("draft", (p: { draft_id?: unknown; text?: unknown }) => {
      if (!p || typeof p.text !== "string") return;
      this.emit("draft", { draft_id: String(p.draft_id ?? "draft"), text: p.text });
    });
    socket.on("manager", (p: { event?: unknown; name?: unknown }) => {
      if (!p || (p.event !== "joined" && p.event !== "left")) return;
      this.emit("manager", { event: p.event, name: typeof p.name === "string" ? p.name : "" });
    });
    socket.on("read", (p: { seq?: unknown }) => {
      if (p && typeof p.seq === "number") this.emit("read", { seq: p.seq });
    });
    socket.on("error", (p: unknown) => {
      this.emit("error", asChatError(p, "error"));
    });
  }

  private later(fn: () => void, ms: number): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.mode !== "blocked") fn();
    }, ms);
  }

  private clearTimers(): void {
    if (this.fallbackTimer) clearTimeout(this.fallbackTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.fallbackTimer = this.retryTimer = null;
    this.stopPolling();
  }

  /** The stored session is no more: forget it and, if the visitor is chatting, start a new one. */
  private async sessionGone(): Promise<void> {
    this.o.sessions.clear();
    this.session = null;
    this.loadedOnce = false;
    this.clearTimers();
    if (this.socket) this.socket.disconnect();
    this.emit("reset", null);
    this.setMode("idle");
    if (this.wantSession) await this.start(true);
  }

  private emitWithAck<T>(event: string, payload: unknown): Promise<T> {
    const socket = this.socket;
    return new Promise<T>((resolve, reject) => {
      if (!socket) return reject({ code: "not_connected", message: "" });
      const connection = this.connections;
      const timer = setTimeout(() => {
        reject({ code: "timeout", message: "" });
        if (connection === this.connections) this.revive(socket); // not if it reconnected since
      }, this.o.ackTimeoutMs);
      socket.emit(event, payload, (ack: T) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
  }

  /** A connection that takes events but returns no acknowledgement is stuck (a half-dead
   * proxy or a writer that stalled): open a new one; `sync` on connect fetches what was missed. */
  private revive(socket: SocketLike): void {
    if (this.socket !== socket || !socket.connected) return;
    warn("no acknowledgement from the server; reconnecting");
    socket.disconnect();
    socket.connect();
  }

  private sync(): void {
    const initial = !this.loadedOnce;
    this.emitWithAck<{ ok?: boolean; messages?: unknown; error?: unknown }>("sync", { after_seq: this.o.lastSeq() })
      .then((ack) => {
        if (ack && ack.ok) {
          this.loadedOnce = true;
          this.emit("messages", { messages: normalizeList(ack.messages, "bot"), source: "sync", initial });
        } else {
          const err = asChatError(ack && ack.error, "sync_failed");
          if (isSessionGone(err.code)) void this.sessionGone();
          else warn("sync:", err.message || err.code);
        }
      })
      .catch((err) => warn("sync:", (err as ChatError).code));
  }

  private async loadHistory(): Promise<void> {
    const session = this.session;
    if (!session) return;
    try {
      const messages = await this.o.api.history(session, this.o.lastSeq());
      const initial = !this.loadedOnce;
      this.loadedOnce = true;
      this.emit("messages", { messages, source: "history", initial });
    } catch (err) {
      const e = err as ApiError;
      if (isSessionGone(e.code)) await this.sessionGone();
      else if (e.code === "origin_not_allowed") this.block(e);
      else warn("history:", e.message);
    }
  }

  private startPolling(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => {
      if (this.mode === "http" && this.windowOpen) void this.loadHistory();
    }, this.o.pollMs);
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  setWindowOpen(open: boolean): void {
    this.windowOpen = open;
    // Opening with a stored session and no socket (yet): the history comes over HTTP.
    if (open && this.session && !(this.socket && this.socket.connected)) void this.loadHistory();
    if (open && this.mode === "http") this.startPolling();
    if (!open) this.stopPolling();
  }

  /** Resolves once messages can be sent: socket connected, HTTP fallback, or blocked. */
  private async ready(): Promise<void> {
    await this.start(true);
    if (this.mode === "socket" || this.mode === "http" || this.mode === "blocked") return;
    if (this.session) this.armFallback();
    await new Promise<void>((resolve, reject) => {
      // Without a session (the server is unreachable) give up after a while: the visitor can retry.
      const timer = setTimeout(
        () => reject({ code: "network_error", message: "" } as ChatError),
        this.o.fallbackAfterMs + this.o.ackTimeoutMs,
      );
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Sends a visitor's message; resolves with the stored message (null over HTTP if not echoed). */
  async send(body: SendBody, retried = false): Promise<ChatMessage | null> {
    await this.ready();
    if (this.mode === "blocked") throw { code: "origin_not_allowed", message: "" } as ChatError;
    const session = this.session;
    if (!session) throw { code: "network_error", message: "" } as ChatError;
    let sent: Sent;
    if (this.mode === "socket" && this.socket && this.socket.connected) {
      sent = await this.sendOverSocket(body);
      if ("error" in sent && sent.error.code === "timeout") {
        // No ack (a dropped connection or a stalled socket): the message may have arrived or
        // not. Resending it over HTTP is safe: the server keeps one message per client id.
        warn("send: no acknowledgement over the socket; resending over HTTP");
        sent = await this.sendOverHttp(session, body);
      }
    } else {
      sent = await this.sendOverHttp(session, body);
    }
    if ("message" in sent) return sent.message;
    const err = sent.error;
    if (isSessionGone(err.code) && !retried) {
      await this.sessionGone();
      return this.send(body, true);
    }
    if (err.code === "origin_not_allowed") this.block(err);
    throw err;
  }

  private async sendOverSocket(body: SendBody): Promise<Sent> {
    try {
      const ack = await this.emitWithAck<{ ok?: boolean; message?: unknown; error?: unknown }>("message", body);
      if (ack && ack.ok) return { message: normalizeMessage(ack.message, "customer") };
      return { error: asChatError(ack && ack.error, "send_failed") };
    } catch (e) {
      return { error: e as ChatError };
    }
  }

  private async sendOverHttp(session: Session, body: SendBody): Promise<Sent> {
    try {
      const list = await this.o.api.send(session, body);
      const own = list.filter((m) => m.author === "customer");
      const replies = list.filter((m) => m.author !== "customer");
      if (replies.length) this.emit("messages", { messages: replies, source: "http", initial: false });
      return { message: own[0] || null };
    } catch (e) {
      return { error: e as ApiError };
    }
  }

  upload(file: File, onProgress: (fraction: number) => void): Upload {
    let inner: Upload | null = null;
    let aborted = false;
    const promise = (async () => {
      await this.start(true);
      if (!this.session) throw { code: "network_error", message: "" } as ChatError;
      if (aborted) throw new ApiError(0, "aborted", "Aborted");
      inner = this.o.api.upload(this.session, file, onProgress);
      try {
        return await inner.promise;
      } catch (e) {
        if (isSessionGone((e as ApiError).code)) void this.sessionGone();
        throw e;
      }
    })();
    return {
      promise,
      abort: () => {
        aborted = true;
        if (inner) inner.abort();
      },
    };
  }

  typing(typing: boolean): void {
    if (this.socket && this.socket.connected) this.socket.emit("typing", { typing });
  }

  read(seq: number): void {
    if (this.socket && this.socket.connected) this.socket.emit("read", { seq });
  }
}
