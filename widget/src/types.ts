/** Shapes shared by the modules; they follow docs/web-channel.md. */

export type Author = "customer" | "bot" | "manager" | "system";

export interface Button {
  text: string;
  payload: string;
}

export interface Attachment {
  name: string;
  content_type: string;
  url: string | null;
  size?: number;
}

/** A message as the server sends it (events, acks, HTTP history). */
export interface ChatMessage {
  id: string;
  /** Grows by one per message in a conversation; null for replies of an HTTP API without it. */
  seq: number | null;
  author: Author;
  text: string;
  created_at: string;
  buttons: Button[];
  attachments: Attachment[];
  client_message_id?: string;
}

/** GET /api/v1/widget/config */
export interface ServerConfig {
  allowed: boolean;
  max_message_length: number;
  max_attachments: number;
  max_attachment_bytes: number;
  attachment_types: string[];
}

export interface Session {
  session_id: string;
  token: string;
}

/** `{error: {code, message, details}}` of the HTTP API, an `error` ack or event. */
export interface ChatError {
  code: string;
  message: string;
  details?: unknown;
}

/** An uploaded file: POST …/attachments */
export interface UploadedFile {
  id: string;
  name: string;
  content_type: string;
  size: number;
  url: string | null;
}

export const DEFAULT_SERVER_CONFIG: ServerConfig = {
  allowed: true,
  max_message_length: 2000,
  max_attachments: 3,
  max_attachment_bytes: 10 * 1024 * 1024,
  attachment_types: [
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ],
};
