import { describe, expect, it } from "vitest";
import { MessageStore } from "../src/store";
import { msg } from "./helpers";

const ids = (s: MessageStore) => s.list().map((e) => e.id);

describe("message store", () => {
  it("orders by seq whatever the arrival order", () => {
    const s = new MessageStore();
    s.merge([msg(3, "bot", "c"), msg(1, "customer", "a")]);
    s.merge([msg(2, "bot", "b")]);
    expect(ids(s)).toEqual(["m1", "m2", "m3"]);
    expect(s.lastSeq).toBe(3);
  });

  it("dedupes by id and reports only new messages", () => {
    const s = new MessageStore();
    expect(s.merge([msg(1, "bot", "a"), msg(2, "bot", "b")])).toHaveLength(2);
    expect(s.merge([msg(2, "bot", "b"), msg(3, "bot", "c")]).map((m) => m.id)).toEqual(["m3"]);
    expect(s.size).toBe(3);
  });

  it("updates a known message in place when the server's copy changed", () => {
    const s = new MessageStore();
    s.merge([msg(1, "bot", "a")]);
    const v = s.get("m1")!.version;
    s.merge([msg(1, "bot", "a2")]);
    expect(s.get("m1")!.text).toBe("a2");
    expect(s.get("m1")!.version).toBeGreaterThan(v);
    expect(s.size).toBe(1);
  });

  it("replaces the optimistic message with the server's on confirm", () => {
    const s = new MessageStore();
    s.merge([msg(1, "bot", "Здравствуйте")]);
    const local = s.addPending("Сколько стоит?", "c-1");
    expect(local.local!.status).toBe("pending");
    expect(ids(s)).toEqual(["m1", "local:c-1"]);
    s.confirm(local.id, msg(2, "customer", "Сколько стоит?", { id: "srv-2" }));
    expect(ids(s)).toEqual(["m1", "srv-2"]);
    expect(s.get("srv-2")!.local).toBeUndefined();
  });

  it("does not duplicate the visitor's message when the server echo comes before the ack", () => {
    const s = new MessageStore();
    const local = s.addPending("Привет", "c-1");
    // The `message` event for the visitor's own message (other tabs) arrives first…
    expect(s.merge([msg(1, "customer", "Привет", { id: "srv-1" })])).toHaveLength(0);
    // …then the ack with the same message.
    s.confirm(local.id, msg(1, "customer", "Привет", { id: "srv-1" }));
    expect(ids(s)).toEqual(["srv-1"]);
  });

  it("matches by client_message_id when the server sends it", () => {
    const s = new MessageStore();
    s.addPending("да", "c-1");
    s.addPending("да", "c-2");
    s.merge([msg(1, "customer", "да", { id: "srv-b", client_message_id: "c-2" })]);
    expect(ids(s)).toEqual(["local:c-1", "srv-b"]);
    expect(s.get("local:c-1")).toBeDefined();
    expect(s.get("local:c-2")).toBeUndefined();
  });

  it("keeps a message confirmed over HTTP without an echo, marked sent", () => {
    const s = new MessageStore();
    const local = s.addPending("текст", "c-1");
    s.confirm(local.id, null);
    expect(s.get(local.id)!.local!.status).toBe("sent");
    // The history later brings the stored copy: it takes the local one's place.
    s.merge([msg(4, "customer", "текст", { id: "srv-4" })]);
    expect(ids(s)).toEqual(["srv-4"]);
  });

  it("marks failures and retries", () => {
    const s = new MessageStore();
    const local = s.addPending("x", "c-1", [], ["att-1"]);
    s.fail(local.id, "Слишком много сообщений");
    expect(s.get(local.id)!.local).toMatchObject({ status: "failed", error: "Слишком много сообщений", attachment_ids: ["att-1"] });
    const again = s.retrying(local.id)!;
    expect(again.local!.status).toBe("pending");
    expect(again.local!.error).toBeUndefined();
  });

  it("places messages without seq after what was known when they came", () => {
    const s = new MessageStore();
    s.merge([msg(1, "bot", "a")]);
    s.addSystem("Менеджер подключился к чату");
    s.merge([msg(null, "bot", "http reply", { id: "r1" })]);
    s.merge([msg(2, "manager", "b")]);
    expect(s.list().map((e) => e.text)).toEqual(["a", "Менеджер подключился к чату", "http reply", "b"]);
  });

  it("takes the seq of a message first seen without one", () => {
    const s = new MessageStore();
    s.merge([msg(null, "bot", "r", { id: "r1" })]);
    s.merge([msg(5, "bot", "r", { id: "r1" })]);
    expect(s.get("r1")!.seq).toBe(5);
    expect(s.lastSeq).toBe(5);
  });

  it("counts unread incoming messages after the seen seq only", () => {
    const s = new MessageStore(2);
    s.merge([msg(1, "bot", "a"), msg(2, "bot", "b"), msg(3, "customer", "c"), msg(4, "bot", "d"), msg(5, "manager", "e"), msg(6, "system", "f")]);
    expect(s.unreadCount()).toBe(2);
    expect(s.markSeen()).toBe(true);
    expect(s.seenSeq).toBe(6);
    expect(s.unreadCount()).toBe(0);
    expect(s.markSeen()).toBe(false);
  });

  it("bumps the version of customer messages the company has read", () => {
    const s = new MessageStore();
    s.merge([msg(1, "customer", "a"), msg(2, "bot", "b"), msg(3, "customer", "c")]);
    const v1 = s.get("m1")!.version;
    const v3 = s.get("m3")!.version;
    s.setReadSeq(2);
    expect(s.readSeq).toBe(2);
    expect(s.get("m1")!.version).toBeGreaterThan(v1);
    expect(s.get("m3")!.version).toBe(v3);
  });

  it("reset forgets the conversation", () => {
    const s = new MessageStore(3);
    s.merge([msg(4, "bot", "a")]);
    s.reset();
    expect(s.size).toBe(0);
    expect(s.lastSeq).toBe(0);
    expect(s.seenSeq).toBe(0);
  });
});
