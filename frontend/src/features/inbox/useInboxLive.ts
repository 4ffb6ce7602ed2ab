// Keeps the inbox live: the operators' socket events edit the cached list and the open
// conversation, so new messages and conversations appear without a reload.
"use client";

import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";

import { appendMessage, conversationKey, type InboxData } from "./api";
import { placeRow, updateRow } from "./cache";
import type {
  ConversationDetail,
  ConversationEvent,
  ConversationItem,
  HandoffEvent,
  InboxFilters,
  MessageEvent,
  OwnerEvent,
  ReadEvent,
  TypingEvent,
} from "./types";

/** What the hook needs of a socket: the socket.io client, or a fake in tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Listener = (...args: any[]) => void;
export interface Emitter {
  on(event: string, listener: Listener): unknown;
  off(event: string, listener: Listener): unknown;
}

export interface LiveOptions {
  /** The conversation open on screen: its new customer messages are not counted unread. */
  openId: string | null;
  onHandoff?: (event: HandoffEvent, row: ConversationItem | null) => void;
}

/** How long a typing indicator stays without a fresh `typing` event. */
export const TYPING_TTL_MS = 6_000;

function inboxLists(client: QueryClient) {
  return client.getQueriesData<InboxData>({ queryKey: ["inbox"] });
}

function filtersOf(key: readonly unknown[]): InboxFilters {
  return (key[1] as InboxFilters | undefined) ?? {};
}

/** Applies `change` to the row in every cached list; true when some list had it. */
function changeRow(client: QueryClient, id: string, change: (row: ConversationItem) => ConversationItem, toTop = false): ConversationItem | null {
  let latest: ConversationItem | null = null;
  for (const [key, data] of inboxLists(client)) {
    if (!data) continue;
    const result = updateRow(data, id, change, toTop);
    if (result.found) {
      client.setQueryData(key, result.data);
      latest = result.data.pages.flatMap((page) => page.items).find((row) => row.id === id) ?? latest;
    }
  }
  return latest;
}

export function useInboxLive(socket: Emitter | null, { openId, onHandoff }: LiveOptions): { typing: Record<string, boolean> } {
  const client = useQueryClient();
  const [typing, setTyping] = useState<Record<string, boolean>>({});
  const openRef = useRef(openId);
  const handoffRef = useRef(onHandoff);
  openRef.current = openId;
  handoffRef.current = onHandoff;

  useEffect(() => {
    if (!socket) return;
    const timers = new Map<string, ReturnType<typeof setTimeout>>();

    const onMessage = (event: MessageEvent) => {
      const { conversation_id: id, ...message } = event;
      const detail = client.getQueryData<ConversationDetail>(conversationKey(id));
      if (detail) {
        client.setQueryData(conversationKey(id), appendMessage(detail, message));
        // Sources of a bot answer come with the stored message, not with the event.
        if (message.author === "bot") void client.invalidateQueries({ queryKey: conversationKey(id) });
      }
      if (message.author === "customer") {
        setTyping((state) => ({ ...state, [id]: false }));
      }
      changeRow(
        client,
        id,
        (row) => ({
          ...row,
          last_message: { author: message.author, text: message.text.slice(0, 200), created_at: message.created_at },
          last_message_at: message.created_at,
          unread: message.author === "customer" && openRef.current !== id ? row.unread + 1 : row.unread,
        }),
        true,
      );
    };

    const onConversation = (event: ConversationEvent) => {
      const { conversation_id: id, ...rest } = event;
      const row: ConversationItem = { ...rest, id: rest.id ?? id };
      for (const [key, data] of inboxLists(client)) {
        const filters = filtersOf(key);
        if (filters.q?.trim()) {
          // A search result cannot be matched here: ask the server again.
          void client.invalidateQueries({ queryKey: key, exact: true });
        } else if (data) {
          client.setQueryData(key, placeRow(data, row, filters));
        }
      }
      client.setQueryData<ConversationDetail>(conversationKey(id), (detail) =>
        detail && { ...detail, owner: row.owner, stage: row.stage, lead_id: row.lead_id, lead_status: row.lead_status },
      );
    };

    const onHandoffEvent = (event: HandoffEvent) => {
      const row = changeRow(client, event.conversation_id, (old) => ({ ...old, handoff_requested: true, handoff_reason: event.reason }), true);
      if (!row) void client.invalidateQueries({ queryKey: ["inbox"] });
      void client.invalidateQueries({ queryKey: conversationKey(event.conversation_id) });
      handoffRef.current?.(event, row);
    };

    const onOwner = (event: OwnerEvent) => {
      const owner = event.event === "joined" ? "human" : "bot";
      changeRow(client, event.conversation_id, (row) => ({
        ...row,
        owner,
        ...(owner === "bot" ? { handoff_requested: false, handoff_reason: null } : {}),
      }));
      client.setQueryData<ConversationDetail>(conversationKey(event.conversation_id), (detail) =>
        detail && { ...detail, owner, owner_name: owner === "human" ? event.name : null },
      );
    };

    const onRead = (event: ReadEvent) => {
      if (event.by === "customer") return;
      changeRow(client, event.conversation_id, (row) =>
        (row.read_seq ?? 0) > event.seq ? row : { ...row, unread: 0, read_seq: event.seq },
      );
    };

    const onTyping = (event: TypingEvent) => {
      const id = event.conversation_id;
      clearTimeout(timers.get(id));
      setTyping((state) => ({ ...state, [id]: event.typing }));
      if (event.typing) timers.set(id, setTimeout(() => setTyping((state) => ({ ...state, [id]: false })), TYPING_TTL_MS));
    };

    // After a reconnect, whatever happened meanwhile is read again.
    const onConnect = () => {
      void client.invalidateQueries({ queryKey: ["inbox"] });
      if (openRef.current) void client.invalidateQueries({ queryKey: conversationKey(openRef.current) });
    };

    const handlers: [string, Listener][] = [
      ["message", onMessage],
      ["conversation", onConversation],
      ["handoff", onHandoffEvent],
      ["owner", onOwner],
      ["read", onRead],
      ["typing", onTyping],
      ["connect", onConnect],
    ];
    for (const [event, handler] of handlers) socket.on(event, handler);
    return () => {
      for (const [event, handler] of handlers) socket.off(event, handler);
      for (const timer of timers.values()) clearTimeout(timer);
    };
  }, [socket, client]);

  return { typing };
}
