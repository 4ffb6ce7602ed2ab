import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../src/api";
import { SessionStore } from "../src/session";
import { connectErrorCode, connectErrorMessage, Transport, type TransportEvents } from "../src/transport";
import { FakeApi, FakeSocket, MemoryStorage, flush, msg } from "./helpers";

const HOST = "https://chat.neurocode.ru";

function setup(opts: { stored?: boolean; lastSeq?: number } = {}) {
  const storage = new MemoryStorage();
  const sessions = new SessionStore(HOST, storage);
  if (opts.stored) sessions.save({ session_id: "old", token: "old-token" });
  const api = new FakeApi();
  const sockets: FakeSocket[] = [];
  let lastSeq = opts.lastSeq ?? 0;
  const transport = new Transport({
    host: HOST,
    api,
    sessions,
    socketFactory: (url, options) => {
      const s = new FakeSocket(url, options);
      s.acks.sync = () => ({ ok: true, messages: [] });
      sockets.push(s);
      return s;
    },
    lastSeq: () => lastSeq,
  });
  const events: Array<[keyof TransportEvents, unknown]> = [];
  for (const name of ["mode", "messages", "typing", "draft", "manager", "read", "error", "blocked", "reset", "trouble", "config"] as const) {
    transport.on(name, (p) => events.push([name, p]));
  }
  const of = <K extends keyof TransportEvents>(name: K) => events.filter((e) => e[0] === name).map((e) => e[1] as TransportEvents[K]);
  return { storage, sessions, api, sockets, transport, events, of, setLastSeq: (n: number) => (lastSeq = n) };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("transport: session and connection", () => {
  it("does nothing in the background without a stored session (lazy)", async () => {
    const { transport, api, sockets } = setup();
    await transport.start(false);
    expect(api.createSession).not.toHaveBeenCalled();
    expect(sockets).toHaveLength(0);
    expect(transport.mode).toBe("idle");
  });

  it("creates and stores a session when the visitor opens the chat, then connects", async () => {
    const { transport, api, sockets, storage } = setup();
    await transport.start(true);
    expect(api.config).toHaveBeenCalledTimes(1);
    expect(api.createSession).toHaveBeenCalledTimes(1);
    expect(JSON.parse(storage.getItem(`salesbot:${HOST}:session`)!)).toEqual({ session_id: "s1", token: "t1" });
    expect(sockets).toHaveLength(1);
    expect(sockets[0].url).toBe(`${HOST}/chat`);
    expect(sockets[0].options).toEqual({
      path: "/socket.io",
      auth: { token: "t1" },
      transports: ["websocket", "polling"],
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 15000,
      randomizationFactor: 0.5,
      tryAllTransports: true,
    });
    expect(transport.mode).toBe("connecting");
  });

  it("connects in the background with a stored session, without creating one", async () => {
    const { transport, api, sockets } = setup({ stored: true });
    expect(transport.hasSession()).toBe(true);
    await transport.start(false);
    expect(api.createSession).not.toHaveBeenCalled();
    expect(sockets[0].options.auth).toEqual({ token: "old-token" });
  });

  it("syncs after every connect with the highest seq seen", async () => {
    const { transport, sockets, of, setLastSeq } = setup({ stored: true });
    await transport.start(false);
    const s = sockets[0];
    s.acks.sync = () => ({ ok: true, messages: [msg(1, "bot", "a"), { junk: true }] });
    s.serverConnect();
    await flush();
    expect(transport.mode).toBe("socket");
    expect(s.sent("sync")[0].payload).toEqual({ after_seq: 0 });
    expect(of("messages")[0]).toEqual({ messages: [msg(1, "bot", "a")], source: "sync", initial: true });

    setLastSeq(7);
    s.connected = false;
    s.fire("disconnect", "transport close");
    expect(transport.mode).toBe("reconnecting");
    s.serverConnect();
    await flush();
    expect(s.sent("sync")[1].payload).toEqual({ after_seq: 7 });
    expect(of("messages")[1]).toMatchObject({ source: "sync", initial: false });
  });

  it("drops a refused stored session and starts a new one when the visitor is chatting", async () => {
    const { transport, api, sockets, of, storage } = setup({ stored: true });
    await transport.start(true);
    const s = sockets[0];
    s.active = false;
    s.fire("connect_error", Object.assign(new Error("refused"), { data: { code: "invalid_chat_token", message: "Токен недействителен" } }));
    await flush(10);
    expect(of("reset")).toHaveLength(1);
    expect(api.createSession).toHaveBeenCalledTimes(1);
    expect(JSON.parse(storage.getItem(`salesbot:${HOST}:session`)!)).toEqual({ session_id: "s1", token: "t1" });
    expect(s.auth).toEqual({ token: "t1" });
    expect(s.connectCalls).toBeGreaterThan(0);
  });

  it("only forgets a refused session in the background (no new session before the visitor opens the chat)", async () => {
    const { transport, api, sockets, storage } = setup({ stored: true });
    await transport.start(false);
    // python-socketio puts a single dict argument into the message as its repr.
    sockets[0].fire("connect_error", new Error("{'code': 'chat_session_not_found', 'message': 'Сессия чата не найдена.'}"));
    await flush(10);
    expect(storage.getItem(`salesbot:${HOST}:session`)).toBeNull();
    expect(api.createSession).not.toHaveBeenCalled();
    expect(transport.hasSession()).toBe(false);
    expect(transport.mode).toBe("idle");
  });

  it("origin_not_allowed on the config blocks the chat for good and warns once", async () => {
    const { transport, api, sockets, of } = setup();
    api.configResult = new ApiError(403, "origin_not_allowed", "Этот сайт не может встраивать чат.");
    await transport.start(true);
    expect(transport.mode).toBe("blocked");
    expect(of("blocked")).toEqual([expect.objectContaining({ code: "origin_not_allowed" })]);
    expect(console.warn).toHaveBeenCalledWith("[Salesbot]", "Этот сайт не может встраивать чат.");
    await transport.start(true);
    await vi.advanceTimersByTimeAsync(60000);
    expect(api.config).toHaveBeenCalledTimes(1);
    expect(api.createSession).not.toHaveBeenCalled();
    expect(sockets).toHaveLength(0);
    await expect(transport.send({ text: "x", client_message_id: "c" })).rejects.toMatchObject({ code: "origin_not_allowed" });
  });

  it("origin_not_allowed on the socket blocks the chat too", async () => {
    const { transport, sockets, of } = setup({ stored: true });
    await transport.start(false);
    sockets[0].fire("connect_error", Object.assign(new Error("x"), { data: { code: "origin_not_allowed", message: "Нельзя" } }));
    expect(transport.mode).toBe("blocked");
    expect(of("blocked")[0]).toEqual({ code: "origin_not_allowed", message: "Нельзя" });
    expect(sockets[0].disconnectCalls).toBe(1);
  });

  it("retries with growing pauses when the server is unreachable", async () => {
    const { transport, api, of } = setup();
    api.createError = new ApiError(0, "network_error", "Network error");
    await transport.start(true);
    expect(of("trouble")[0]).toMatchObject({ code: "network_error" });
    expect(api.createSession).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(api.createSession).toHaveBeenCalledTimes(2);
    api.createError = null;
    await vi.advanceTimersByTimeAsync(4000);
    expect(api.createSession).toHaveBeenCalledTimes(3);
    expect(transport.hasSession()).toBe(true);
    expect(of("trouble").pop()).toBeNull();
  });
});

describe("transport: sending and the HTTP fallback", () => {
  it("sends over the socket and resolves with the acknowledged message", async () => {
    const { transport, sockets } = setup();
    await transport.start(true);
    const s = sockets[0];
    s.serverConnect();
    s.acks.message = (p) => ({ ok: true, message: { id: "srv-1", seq: 3, author: "customer", text: p.text, created_at: "2026-11-22T10:00:00Z" } });
    const m = await transport.send({ text: "Привет", client_message_id: "c-1", attachment_ids: [] });
    expect(s.sent("message")[0].payload).toEqual({ text: "Привет", client_message_id: "c-1", attachment_ids: [] });
    expect(m).toMatchObject({ id: "srv-1", seq: 3, author: "customer", text: "Привет" });
  });

  it("rejects with the ack's error", async () => {
    const { transport, sockets } = setup();
    await transport.start(true);
    sockets[0].serverConnect();
    sockets[0].acks.message = () => ({ ok: false, error: { code: "message_too_long", message: "Сообщение слишком длинное." } });
    await expect(transport.send({ text: "x", client_message_id: "c" })).rejects.toEqual({ code: "message_too_long", message: "Сообщение слишком длинное.", details: undefined });
  });

  it("resends over HTTP with the same client id when no ack comes, and resolves with the stored message", async () => {
    const { transport, sockets, api } = setup();
    await transport.start(true);
    sockets[0].serverConnect();
    api.sendResult = [msg(5, "customer", "x", { id: "srv-9" })];
    const p = transport.send({ text: "x", client_message_id: "c-7" });
    await vi.advanceTimersByTimeAsync(14_999);
    expect(api.sendCalls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2);
    expect(await p).toMatchObject({ id: "srv-9", seq: 5 });
    expect(sockets[0].sent("message")).toHaveLength(1);
    expect(api.sendCalls.map((c) => c.body)).toEqual([{ text: "x", client_message_id: "c-7" }]);
  });

  it("reconnects a socket that stops acknowledging, and catches up with sync", async () => {
    const { transport, sockets, api } = setup();
    await transport.start(true);
    const s = sockets[0];
    s.serverConnect();
    expect(s.sent("sync")).toHaveLength(1);
    api.sendResult = [];
    const sent = transport.send({ text: "x", client_message_id: "c-8" });
    await vi.advanceTimersByTimeAsync(15_001);
    await sent;
    expect([s.disconnectCalls, s.connectCalls]).toEqual([1, 1]);
    s.serverConnect();
    expect(s.sent("sync")).toHaveLength(2);
    expect(transport.mode).toBe("socket");

    // An ack lost on the old connection does not tear down the new one.
    const late = transport.send({ text: "y", client_message_id: "c-9" });
    await vi.advanceTimersByTimeAsync(0);
    expect(s.sent("message")).toHaveLength(2);
    s.connected = false;
    s.serverConnect();
    await vi.advanceTimersByTimeAsync(15_001);
    await late;
    expect(s.disconnectCalls).toBe(1);
  });

  it("rejects with the HTTP error when neither the socket nor HTTP delivers", async () => {
    const { transport, sockets, api } = setup();
    await transport.start(true);
    sockets[0].serverConnect();
    api.sendResult = [new ApiError(0, "network_error", "")];
    const caught = transport.send({ text: "x", client_message_id: "c" }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(15_001);
    expect(await caught).toMatchObject({ code: "network_error" });
  });

  it("falls back to HTTP when the socket is not connected after 8 s", async () => {
    const { transport, api, of } = setup();
    await transport.start(true);
    api.sendResult = [msg(2, "bot", "Ответ по HTTP", { buttons: [{ text: "Да", payload: "да" }] })];
    const sending = transport.send({ text: "Привет", client_message_id: "c-1" });
    await vi.advanceTimersByTimeAsync(7999);
    expect(api.sendCalls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(await sending).toBeNull();
    expect(transport.mode).toBe("http");
    expect(api.sendCalls[0]).toEqual({ session: { session_id: "s1", token: "t1" }, body: { text: "Привет", client_message_id: "c-1" } });
    expect(of("messages").pop()).toEqual({ messages: api.sendResult, source: "http", initial: false });
  });

  it("falls back to HTTP after 3 failed connection attempts", async () => {
    const { transport, sockets } = setup();
    await transport.start(true);
    const s = sockets[0];
    s.fire("connect_error", new Error("websocket error"));
    s.fire("connect_error", new Error("xhr poll error"));
    expect(transport.mode).toBe("connecting");
    s.fire("connect_error", new Error("xhr poll error"));
    expect(transport.mode).toBe("http");
    // The socket keeps trying; when it gets through, it takes over again.
    s.serverConnect();
    expect(transport.mode).toBe("socket");
  });

  it("recreates the session and resends once on 401 invalid_chat_token over HTTP", async () => {
    const { transport, api, sockets, of } = setup({ stored: true });
    await transport.start(true);
    for (let i = 0; i < 3; i++) sockets[0].fire("connect_error", new Error("xhr poll error"));
    expect(transport.mode).toBe("http");
    api.sendResult = [new ApiError(401, "invalid_chat_token", "Токен недействителен")];
    const sending = transport.send({ text: "Привет", client_message_id: "c-1" });
    await vi.advanceTimersByTimeAsync(8000);
    await sending;
    expect(of("reset")).toHaveLength(1);
    expect(api.sendCalls.map((c) => c.session.token)).toEqual(["old-token", "t1"]);
  });

  it("loads the history over HTTP when the window opens without a socket, and polls it", async () => {
    const { transport, api, sockets, of, setLastSeq } = setup({ stored: true });
    api.historyResult = [msg(1, "customer", "a"), msg(2, "bot", "b")];
    await transport.start(false);
    for (let i = 0; i < 3; i++) sockets[0].fire("connect_error", new Error("xhr poll error"));
    expect(transport.mode).toBe("http");
    expect(api.historyCalls).toBe(0);
    transport.setWindowOpen(true);
    await flush();
    expect(api.historyCalls).toBe(1);
    expect(of("messages")[0]).toEqual({ messages: api.historyResult, source: "history", initial: true });
    setLastSeq(2);
    const history = vi.spyOn(api, "history");
    await vi.advanceTimersByTimeAsync(15000);
    expect(history).toHaveBeenCalledWith({ session_id: "old", token: "old-token" }, 2);
    transport.setWindowOpen(false);
    await vi.advanceTimersByTimeAsync(60000);
    expect(history).toHaveBeenCalledTimes(1);
  });

  it("loads the history over HTTP when the window opens before the socket has connected", async () => {
    const { transport, api, sockets, of } = setup({ stored: true });
    api.historyResult = [msg(1, "bot", "a")];
    await transport.start(false);
    transport.setWindowOpen(true);
    await flush();
    expect(api.historyCalls).toBe(1);
    expect(of("messages")[0]).toMatchObject({ source: "history", initial: true });
    // With the socket connected, opening again needs no HTTP.
    transport.setWindowOpen(false);
    sockets[0].serverConnect();
    transport.setWindowOpen(true);
    await flush();
    expect(api.historyCalls).toBe(1);
  });

  it("passes server events on and ignores the visitor's own typing", async () => {
    const { transport, sockets, of } = setup({ stored: true });
    await transport.start(false);
    const s = sockets[0];
    s.serverConnect();
    s.fire("message", { id: "m9", seq: 9, author: "manager", text: "Добрый день" });
    s.fire("typing", { who: "manager", typing: true });
    s.fire("typing", { who: "customer", typing: true });
    s.fire("draft", { draft_id: "d1", text: "Сейчас по" });
    s.fire("manager", { event: "joined", name: "Анна" });
    s.fire("read", { seq: 9 });
    s.fire("error", { code: "rate_limited", message: "Слишком часто" });
    expect(of("messages").pop()).toEqual({ messages: [expect.objectContaining({ id: "m9", author: "manager" })], source: "live", initial: false });
    expect(of("typing")).toEqual([{ who: "manager", typing: true }]);
    expect(of("draft")).toEqual([{ draft_id: "d1", text: "Сейчас по" }]);
    expect(of("manager")).toEqual([{ event: "joined", name: "Анна" }]);
    expect(of("read")).toEqual([{ seq: 9 }]);
    expect(of("error")).toEqual([{ code: "rate_limited", message: "Слишком часто", details: undefined }]);
  });

  it("emits typing and read only on a connected socket", async () => {
    const { transport, sockets } = setup({ stored: true });
    await transport.start(false);
    const s = sockets[0];
    transport.typing(true);
    transport.read(3);
    expect(s.sent("typing")).toHaveLength(0);
    s.serverConnect();
    transport.typing(true);
    transport.read(3);
    expect(s.sent("typing")[0].payload).toEqual({ typing: true });
    expect(s.sent("read")[0].payload).toEqual({ seq: 3 });
  });
});

describe("connect_error parsing", () => {
  it("finds the code in data, in a list, or in a dict's repr", () => {
    expect(connectErrorCode({ data: { code: "rate_limited" } })).toBe("rate_limited");
    expect(connectErrorCode({ data: [{ code: "origin_not_allowed" }] })).toBe("origin_not_allowed");
    expect(connectErrorCode(new Error("{'code': 'invalid_chat_token', 'message': 'x'}"))).toBe("invalid_chat_token");
    expect(connectErrorCode(new Error("websocket error"))).toBeNull();
    expect(connectErrorMessage(new Error("{'code': 'origin_not_allowed', 'message': 'Чат недоступен'}"))).toBe("Чат недоступен");
    expect(connectErrorMessage({ data: { message: "Нет" } })).toBe("Нет");
  });
});
