import { vi } from "vitest";
import type { ChatApi, SendBody, Upload } from "../src/api";
import { ApiError } from "../src/api";
import { Emitter } from "../src/emitter";
import type { ChatTransport, Mode, SocketLike, SocketOptions, TransportEvents } from "../src/transport";
import type { ChatMessage, ServerConfig, Session, UploadedFile } from "../src/types";
import { DEFAULT_SERVER_CONFIG } from "../src/types";

export function msg(seq: number | null, author: ChatMessage["author"], text: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: extra.id ?? `m${seq}`,
    seq,
    author,
    text,
    created_at: "2026-11-22T10:00:00Z",
    buttons: [],
    attachments: [],
    ...extra,
  };
}

/** A Storage in memory. */
export class MemoryStorage implements Storage {
  private data = new Map<string, string>();
  get length(): number {
    return this.data.size;
  }
  clear(): void {
    this.data.clear();
  }
  getItem(key: string): string | null {
    return this.data.has(key) ? (this.data.get(key) as string) : null;
  }
  key(i: number): string | null {
    return Array.from(this.data.keys())[i] ?? null;
  }
  removeItem(key: string): void {
    this.data.delete(key);
  }
  setItem(key: string, value: string): void {
    this.data.set(key, String(value));
  }
}

type Handler = (...args: any[]) => void;

/** A socket.io client socket with the server side driven by the test. */
export class FakeSocket implements SocketLike {
  connected = false;
  active = true;
  auth: unknown;
  handlers = new Map<string, Handler[]>();
  emitted: Array<{ event: string; payload: unknown; ack?: Handler }> = [];
  connectCalls = 0;
  disconnectCalls = 0;
  /** Answers to client events with an ack, by event name. */
  acks: Record<string, (payload: any) => unknown> = {};

  constructor(
    readonly url: string,
    readonly options: SocketOptions,
  ) {
    this.auth = options.auth;
  }

  on(event: string, handler: Handler): this {
    const list = this.handlers.get(event) ?? [];
    list.push(handler);
    this.handlers.set(event, list);
    return this;
  }

  emit(event: string, ...args: unknown[]): this {
    const ack = typeof args[args.length - 1] === "function" ? (args.pop() as Handler) : undefined;
    this.emitted.push({ event, payload: args[0], ack });
    const answer = this.acks[event];
    if (ack && answer) ack(answer(args[0]));
    return this;
  }

  connect(): this {
    this.connectCalls++;
    return this;
  }

  disconnect(): this {
    this.disconnectCalls++;
    const was = this.connected;
    this.connected = false;
    this.active = false;
    if (was) this.fire("disconnect", "io client disconnect");
    return this;
  }

  /** Server → client. */
  fire(event: string, ...args: unknown[]): void {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }

  serverConnect(): void {
    this.connected = true;
    this.active = true;
    this.fire("connect");
  }

  sent(event: string): Array<{ event: string; payload: any; ack?: Handler }> {
    return this.emitted.filter((e) => e.event === event);
  }
}

export class FakeApi implements ChatApi {
  configResult: ServerConfig | ApiError = { ...DEFAULT_SERVER_CONFIG };
  sessions = 0;
  createError: ApiError | null = null;
  sendResult: ChatMessage[] | ApiError[] = [];
  historyResult: ChatMessage[] | ApiError = [];
  sendCalls: Array<{ session: Session; body: SendBody }> = [];
  historyCalls = 0;
  uploadCalls: File[] = [];

  config = vi.fn(async (): Promise<ServerConfig> => {
    if (this.configResult instanceof ApiError) throw this.configResult;
    return this.configResult;
  });

  createSession = vi.fn(async (): Promise<Session> => {
    if (this.createError) throw this.createError;
    this.sessions++;
    return { session_id: `s${this.sessions}`, token: `t${this.sessions}` };
  });

  async send(session: Session, body: SendBody): Promise<ChatMessage[]> {
    this.sendCalls.push({ session, body });
    const r = this.sendResult;
    if (r.length && r[0] instanceof ApiError) throw (r as ApiError[]).shift();
    return r as ChatMessage[];
  }

  async history(): Promise<ChatMessage[]> {
    this.historyCalls++;
    if (this.historyResult instanceof ApiError) throw this.historyResult;
    return this.historyResult;
  }

  upload(_session: Session, file: File, onProgress: (f: number) => void): Upload {
    this.uploadCalls.push(file);
    onProgress(0.5);
    return {
      promise: Promise.resolve({ id: `a${this.uploadCalls.length}`, name: file.name, content_type: file.type, size: file.size, url: null }),
      abort: () => undefined,
    };
  }
}

/** A transport the UI tests drive by hand. */
export class FakeTransport extends Emitter<TransportEvents> implements ChatTransport {
  mode: Mode = "idle";
  config: ServerConfig = { ...DEFAULT_SERVER_CONFIG };
  session = false;
  sends: Array<{ body: SendBody; resolve: (m: ChatMessage | null) => void; reject: (e: unknown) => void }> = [];
  typingCalls: boolean[] = [];
  readCalls: number[] = [];
  started: boolean[] = [];
  windowOpen: boolean[] = [];
  uploads: File[] = [];

  hasSession(): boolean {
    return this.session;
  }
  async start(createSession: boolean): Promise<void> {
    this.started.push(createSession);
    this.session = this.session || createSession;
  }
  send(body: SendBody): Promise<ChatMessage | null> {
    return new Promise((resolve, reject) => this.sends.push({ body, resolve, reject }));
  }
  upload(file: File, onProgress: (f: number) => void): { promise: Promise<UploadedFile>; abort(): void } {
    this.uploads.push(file);
    onProgress(0.3);
    return {
      promise: Promise.resolve({ id: `up${this.uploads.length}`, name: file.name, content_type: file.type, size: file.size, url: null }),
      abort: () => undefined,
    };
  }
  typing(typing: boolean): void {
    this.typingCalls.push(typing);
  }
  read(seq: number): void {
    this.readCalls.push(seq);
  }
  setWindowOpen(open: boolean): void {
    this.windowOpen.push(open);
  }
  setMode(mode: Mode): void {
    this.mode = mode;
    this.emit("mode", mode);
  }
}

/** Lets pending promise callbacks run. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await Promise.resolve();
}
