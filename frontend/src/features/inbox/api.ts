// Inbox calls: the list (pages loaded one after another), one conversation, and the
// manager's actions on it.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from "@tanstack/react-query";

import { api, apiPage, type Page } from "@/lib/api";
import type { Schemas } from "@/lib/api-types";

import type { ConversationDetail, ConversationItem, DocumentKind, InboxFilters, Message, SentMessage } from "./types";

export const PAGE_SIZE = 30;

export type InboxData = InfiniteData<Page<ConversationItem>>;

export const inboxKey = (filters: InboxFilters) => ["inbox", filters] as const;
export const conversationKey = (id: string) => ["conversation", id] as const;

/** The query string of the list: empty filters left out, booleans only when on. */
export function inboxQuery(filters: InboxFilters, offset = 0) {
  return {
    channel: filters.channel || undefined,
    stage: filters.stage || undefined,
    owner: filters.owner || undefined,
    handoff: filters.handoff ? true : undefined,
    unread: filters.unread ? true : undefined,
    q: filters.q?.trim() || undefined,
    limit: PAGE_SIZE,
    offset,
  };
}

export function useConversations(filters: InboxFilters) {
  return useInfiniteQuery({
    queryKey: inboxKey(filters),
    queryFn: ({ pageParam, signal }) => apiPage<ConversationItem>("/conversations", { query: inboxQuery(filters, pageParam), signal }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((sum, page) => sum + page.items.length, 0);
      return last.items.length > 0 && loaded < last.total ? loaded : undefined;
    },
  });
}

/** Rows of every loaded page, each conversation once (live moves can repeat one across pages). */
export function flattenRows(data: InboxData | undefined): ConversationItem[] {
  const seen = new Set<string>();
  const rows: ConversationItem[] = [];
  for (const page of data?.pages ?? []) {
    for (const row of page.items) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      rows.push(row);
    }
  }
  return rows;
}

export function useConversation(id: string | null) {
  return useQuery({
    queryKey: conversationKey(id ?? ""),
    queryFn: ({ signal }) => api<ConversationDetail>(`/conversations/${id}`, { signal }),
    enabled: Boolean(id),
  });
}

/** The highest seq the transcript knows (the read marker to send). */
export function lastSeq(messages: Message[]): number | null {
  let best: number | null = null;
  for (const message of messages) {
    if (typeof message.seq === "number" && (best === null || message.seq > best)) best = message.seq;
  }
  return best;
}

function keepOwnerName(client: QueryClient, id: string, detail: ConversationDetail, ownerName: string | null) {
  client.setQueryData<ConversationDetail>(conversationKey(id), { ...detail, owner_name: detail.owner === "bot" ? null : ownerName });
}

export function useTakeover(id: string, myName: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<ConversationDetail>(`/conversations/${id}/takeover`, { method: "POST" }),
    onSuccess: (detail) => {
      keepOwnerName(client, id, detail, myName);
      void client.invalidateQueries({ queryKey: ["inbox"] });
    },
  });
}

export function useRelease(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<ConversationDetail>(`/conversations/${id}/release`, { method: "POST" }),
    onSuccess: (detail) => {
      keepOwnerName(client, id, detail, null);
      void client.invalidateQueries({ queryKey: ["inbox"] });
    },
  });
}

/** Adds a message to the open transcript once (the socket may deliver it too). */
export function appendMessage(detail: ConversationDetail | undefined, message: Message): ConversationDetail | undefined {
  if (!detail) return detail;
  const known = detail.messages.some(
    (m) => (message.id && m.id === message.id) || (message.seq !== undefined && m.seq === message.seq && m.author === message.author),
  );
  return known ? detail : { ...detail, messages: [...detail.messages, message] };
}

let pendingCount = 0;

export function useReply(id: string, myName: string | null) {
  const client = useQueryClient();
  const key = conversationKey(id);
  return useMutation({
    mutationFn: (text: string) => api<SentMessage>(`/conversations/${id}/messages`, { json: { text } satisfies Schemas["ManagerMessageIn"] }),
    // The reply shows at once, faded, until the server has stored it.
    onMutate: (text) => {
      const pendingId = `pending-${++pendingCount}`;
      client.setQueryData<ConversationDetail>(key, (detail) =>
        appendMessage(detail, { id: pendingId, author: "manager", text, created_at: new Date().toISOString(), pending: true }),
      );
      return { pendingId };
    },
    onError: (_error, _text, context) => {
      client.setQueryData<ConversationDetail>(key, (detail) => detail && { ...detail, messages: detail.messages.filter((m) => m.id !== context?.pendingId) });
    },
    onSuccess: (message, _text, context) => {
      // The API takes the conversation over when a manager writes.
      client.setQueryData<ConversationDetail>(key, (detail) => {
        if (!detail) return detail;
        const rest = { ...detail, messages: detail.messages.filter((m) => m.id !== context?.pendingId) };
        const next = appendMessage(rest, message) ?? rest;
        return { ...next, owner: "human", owner_name: detail.owner === "human" ? (detail.owner_name ?? myName) : myName };
      });
      void client.invalidateQueries({ queryKey: ["inbox"] });
    },
  });
}

export type { DocumentKind };

export function useSendDocument(id: string, myName: string | null) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (kind: DocumentKind) => api<SentMessage>(`/conversations/${id}/documents`, { json: { kind } satisfies Schemas["DocumentKindIn"] }),
    onSuccess: (message) => {
      client.setQueryData<ConversationDetail>(conversationKey(id), (detail) => {
        const next = appendMessage(detail, message);
        return next && { ...next, owner: "human", owner_name: next.owner_name ?? myName };
      });
      void client.invalidateQueries({ queryKey: conversationKey(id) });
      void client.invalidateQueries({ queryKey: ["inbox"] });
    },
  });
}

export function markRead(id: string, seq: number): Promise<void> {
  return api<void>(`/conversations/${id}/read`, { json: { seq } satisfies Schemas["ReadIn"] });
}

/** Deliver a dead message again (a fresh set of attempts on its channel). */
export function useRetryDelivery(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (messageId: string) => api<SentMessage>(`/conversations/${id}/messages/${messageId}/retry`, { method: "POST" }),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: conversationKey(id) });
      void client.invalidateQueries({ queryKey: ["inbox"] });
    },
  });
}
