import { act } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { renderWithClient } from "@/test/render";

import { conversationKey, flattenRows, inboxKey, type InboxData } from "./api";
import { detail, FakeSocket, row } from "./fixtures";
import type { ConversationDetail, InboxFilters, MessageEvent } from "./types";
import { useInboxLive, type LiveOptions } from "./useInboxLive";

function Probe({ socket, options }: { socket: FakeSocket; options: LiveOptions }) {
  const { typing } = useInboxLive(socket, options);
  return <p data-testid="typing">{Object.keys(typing).filter((id) => typing[id]).join(",")}</p>;
}

function setup(options: Partial<LiveOptions> = {}, filters: InboxFilters = {}) {
  const socket = new FakeSocket();
  const view = renderWithClient(<Probe socket={socket} options={{ openId: null, ...options }} />);
  const list: InboxData = {
    pages: [{ items: [row("a", { unread: 1 }), row("b"), row("c")], total: 3 }],
    pageParams: [0],
  };
  view.client.setQueryData(inboxKey(filters), list);
  const ids = () => flattenRows(view.client.getQueryData<InboxData>(inboxKey(filters))).map((r) => r.id);
  const find = (id: string) => flattenRows(view.client.getQueryData<InboxData>(inboxKey(filters))).find((r) => r.id === id);
  return { ...view, socket, ids, find, filters };
}

describe("useInboxLive", () => {
  it("subscribes to the operators' events and lets go on unmount", () => {
    const { socket, unmount } = setup();
    expect([...socket.listeners.keys()].sort()).toEqual(["connect", "conversation", "handoff", "message", "owner", "read", "typing"]);
    unmount();
    expect([...socket.listeners.values()].every((set) => set.size === 0)).toBe(true);
  });

  it("moves a conversation with a new customer message to the top and bumps its unread count", () => {
    const { socket, ids, find } = setup();
    act(() => {
      socket.emit("message", { conversation_id: "c", id: "m9", seq: 40, author: "customer", text: "Есть скидки?", created_at: "2026-11-22T09:00:00Z" });
    });
    expect(ids()).toEqual(["c", "a", "b"]);
    expect(find("c")).toMatchObject({ unread: 1, last_message: { text: "Есть скидки?", author: "customer" }, last_message_at: "2026-11-22T09:00:00Z" });
    act(() => {
      socket.emit("message", { conversation_id: "a", id: "m10", seq: 41, author: "customer", text: "Алло", created_at: "2026-11-22T09:01:00Z" });
    });
    expect(ids()).toEqual(["a", "c", "b"]);
    expect(find("a")?.unread).toBe(2);
  });

  it("adds the message to the open transcript once and does not count it unread", () => {
    const { socket, client, find } = setup({ openId: "b" });
    client.setQueryData(conversationKey("b"), detail("b"));
    const event: MessageEvent = { conversation_id: "b", id: "m3", seq: 12, author: "customer", text: "Спасибо!", created_at: "2026-11-22T08:01:00Z" };
    act(() => {
      socket.emit("message", event);
      socket.emit("message", event);
    });
    const messages = client.getQueryData<ConversationDetail>(conversationKey("b"))?.messages ?? [];
    expect(messages.map((m) => m.text)).toEqual(["Сколько стоит?", "Старт — от 150 000 ₽.", "Спасибо!"]);
    expect(find("b")?.unread).toBe(0);
  });

  it("places a new conversation on top and drops one that left the filter", () => {
    const { socket, ids, find, client, filters } = setup({}, { owner: "bot" });
    act(() => {
      socket.emit("conversation", { conversation_id: "n", ...row("n", { contact_name: "Олег", unread: 1 }) });
    });
    expect(ids()).toEqual(["n", "a", "b", "c"]);
    expect(find("n")?.contact_name).toBe("Олег");
    expect(client.getQueryData<InboxData>(inboxKey(filters))?.pages[0]?.total).toBe(4);
    act(() => {
      socket.emit("conversation", { conversation_id: "b", ...row("b", { owner: "human" }) });
    });
    expect(ids()).toEqual(["n", "a", "c"]);
    expect(client.getQueryData<InboxData>(inboxKey(filters))?.pages[0]?.total).toBe(3);
  });

  it("marks a hand-off request, moves it up and tells the page", () => {
    const onHandoff = vi.fn();
    const { socket, ids, find } = setup({ onHandoff });
    act(() => {
      socket.emit("handoff", { conversation_id: "c", reason: "customer_request" });
    });
    expect(ids()[0]).toBe("c");
    expect(find("c")).toMatchObject({ handoff_requested: true, handoff_reason: "customer_request" });
    expect(onHandoff).toHaveBeenCalledWith({ conversation_id: "c", reason: "customer_request" }, expect.objectContaining({ id: "c" }));
  });

  it("follows owner changes and the team's read marker", () => {
    const { socket, find, client } = setup();
    client.setQueryData(conversationKey("a"), detail("a"));
    act(() => {
      socket.emit("owner", { conversation_id: "a", event: "joined", name: "Ольга" });
    });
    expect(find("a")?.owner).toBe("human");
    expect(client.getQueryData<ConversationDetail>(conversationKey("a"))).toMatchObject({ owner: "human", owner_name: "Ольга" });
    act(() => {
      socket.emit("read", { conversation_id: "a", seq: 50, by: "olga@example.com" });
    });
    expect(find("a")).toMatchObject({ unread: 0, read_seq: 50 });
  });

  it("shows the customer typing until told otherwise or the indicator expires", () => {
    vi.useFakeTimers();
    try {
      const { socket, getByTestId } = setup();
      act(() => socket.emit("typing", { conversation_id: "a", who: "customer", typing: true }));
      expect(getByTestId("typing").textContent).toBe("a");
      act(() => vi.advanceTimersByTime(6_500));
      expect(getByTestId("typing").textContent).toBe("");
    } finally {
      vi.useRealTimers();
    }
  });
});
