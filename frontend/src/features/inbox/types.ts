// The inbox API's shapes are the generated ones (src/lib/api-types.ts). Hand-written here:
// the parts of the conversation detail the API types as free-form objects (messages, quote),
// the operators' socket payloads (not in the OpenAPI schema) and the list's filters (UI state).
import type { Schemas } from "@/lib/api-types";

export type Author = "customer" | "bot" | "manager" | "system";

/** A row of GET /api/v1/conversations (and, with `conversation_id`, the `conversation` event). */
export type ConversationItem = Schemas["ConversationListItem"];
export type LastMessage = Schemas["LastMessageOut"];
export type Attachment = Schemas["AttachmentOut"];
/** What POST /conversations/{id}/messages and /documents return. */
export type SentMessage = Schemas["ChatMessageOut"];

/** A knowledge passage a bot answer relied on: the API types message metadata as a free-form object. */
export interface Source {
  document: string;
  title: string;
  category?: string;
  score: number;
  excerpt: string;
}

/**
 * A message of the transcript. The API types the detail's `messages` as free-form objects
 * (`dict[str, Any]`) and the socket's `message` event is not in the OpenAPI schema, so this
 * is hand-written; a sent message (`SentMessage`) must fit it.
 */
export interface Message {
  id?: string;
  seq?: number;
  author: Author | string;
  text: string;
  created_at: string;
  attachments?: Attachment[];
  buttons?: Schemas["ButtonOut"][];
  metadata?: { sources?: Source[]; [key: string]: unknown };
  /** Outbound messages: where their delivery stands (dead = not delivered after every retry). */
  delivery?: { status: string; attempts: number; error: string | null } | null;
  /** Not from the API: a reply on its way, shown before the server confirms it. */
  pending?: boolean;
}

/** A package of the detail's quote: the API types `quote` as a free-form object (the stored quote). */
export type QuotePackage = Pick<Schemas["PackageOut"], "code" | "name" | "total"> &
  Partial<Pick<Schemas["PackageOut"], "timeline" | "includes" | "available" | "unavailable_reason">>;

/** The detail's quote: the API types it as a free-form object (`{id, ...stored quote}`). */
export type Quote = { id: string; packages: QuotePackage[] } & Partial<Pick<Schemas["QuoteResultOut"], "recommended" | "valid_until">>;

export type DocumentRef = Schemas["ConversationDocument"];
export type Contact = Schemas["ConversationContact"];

/** GET /api/v1/conversations/{id}, with its free-form parts narrowed. */
export type ConversationDetail = Omit<Schemas["ConversationDetail"], "quote" | "messages"> & {
  quote: Quote | null;
  messages: Message[];
  /** Not from the API: the manager's name from the last `owner` event, kept in the cache. */
  owner_name?: string | null;
};

export type DocumentKind = Schemas["DocumentKindIn"]["kind"];

/** The list's filters (UI state, sent as the query string). */
export interface InboxFilters {
  channel?: string;
  stage?: string;
  owner?: "bot" | "human" | "";
  handoff?: boolean;
  unread?: boolean;
  q?: string;
}

// Not in the OpenAPI schema: socket payloads of /operators (salesbot/web/realtime.py); every
// payload names its conversation.
export type MessageEvent = Message & { conversation_id: string };
export type ConversationEvent = ConversationItem & { conversation_id: string };
export interface TypingEvent {
  conversation_id: string;
  who?: string;
  typing: boolean;
}
export interface ReadEvent {
  conversation_id: string;
  seq: number;
  by: string;
}
export interface OwnerEvent {
  conversation_id: string;
  event: "joined" | "left";
  name: string;
}
export interface HandoffEvent {
  conversation_id: string;
  reason: string | null;
}
