/** The HTTP API of docs/web-channel.md, with typed errors `{error: {code, message, details}}`. */
import { normalizeList, normalizeMessage } from "./message";
import type { ChatError, ChatMessage, ServerConfig, Session, UploadedFile } from "./types";
import { DEFAULT_SERVER_CONFIG } from "./types";

export class ApiError extends Error implements ChatError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** An HTTP status and body → ApiError (the body may be anything, including not JSON). */
export function toApiError(status: number, body: unknown): ApiError {
  const e = (body && typeof body === "object" && (body as { error?: unknown }).error) || null;
  if (e && typeof e === "object") {
    const err = e as { code?: unknown; message?: unknown; details?: unknown };
    return new ApiError(
      status,
      typeof err.code === "string" ? err.code : `http_${status}`,
      typeof err.message === "string" ? err.message : `HTTP ${status}`,
      err.details,
    );
  }
  return new ApiError(status, status === 0 ? "network_error" : `http_${status}`, status === 0 ? "Network error" : `HTTP ${status}`);
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

export interface SendBody {
  text: string;
  client_message_id: string;
  attachment_ids?: string[];
}

export interface Upload {
  promise: Promise<UploadedFile>;
  abort(): void;
}

export interface ChatApi {
  config(): Promise<ServerConfig>;
  createSession(): Promise<Session>;
  send(session: Session, body: SendBody): Promise<ChatMessage[]>;
  history(session: Session, afterSeq?: number): Promise<ChatMessage[]>;
  upload(session: Session, file: File, onProgress: (fraction: number) => void): Upload;
}

export class HttpApi implements ChatApi {
  constructor(
    private readonly host: string,
    private readonly fetchFn: typeof fetch = (...a) => fetch(...a),
  ) {}

  private async request(method: string, path: string, session?: Session, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (session) headers.Authorization = `Bearer ${session.token}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let res: Response;
    try {
      res = await this.fetchFn(this.host + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
        mode: "cors",
      });
    } catch {
      throw toApiError(0, null);
    }
    const data = parseJson(await res.text().catch(() => ""));
    if (!res.ok) throw toApiError(res.status, data);
    return data;
  }

  async config(): Promise<ServerConfig> {
    const data = (await this.request("GET", "/api/v1/widget/config")) as Partial<ServerConfig> | null;
    const d = DEFAULT_SERVER_CONFIG;
    const num = (v: unknown, def: number): number => (typeof v === "number" && v > 0 ? v : def);
    return {
      allowed: !data || data.allowed !== false,
      max_message_length: num(data && data.max_message_length, d.max_message_length),
      max_attachments: num(data && data.max_attachments, d.max_attachments),
      max_attachment_bytes: num(data && data.max_attachment_bytes, d.max_attachment_bytes),
      attachment_types:
        data && Array.isArray(data.attachment_types) && data.attachment_types.length
          ? data.attachment_types.filter((t): t is string => typeof t === "string")
          : d.attachment_types,
    };
  }

  async createSession(): Promise<Session> {
    const data = (await this.request("POST", "/api/v1/chat/sessions", undefined, {})) as Partial<Session> | null;
    if (!data || !data.session_id || !data.token) throw new ApiError(500, "bad_response", "Bad session response");
    return { session_id: String(data.session_id), token: String(data.token) };
  }

  async send(session: Session, body: SendBody): Promise<ChatMessage[]> {
    const path = `/api/v1/chat/sessions/${encodeURIComponent(session.session_id)}/messages`;
    const data = await this.request("POST", path, session, body);
    // {"replies": [...]}; a server that also echoes the stored message may add "message".
    const replies = normalizeList(data, "bot");
    const own = data && typeof data === "object" ? normalizeMessage((data as { message?: unknown }).message, "customer") : null;
    return own ? [own, ...replies] : replies;
  }

  async history(session: Session, afterSeq = 0): Promise<ChatMessage[]> {
    const path = `/api/v1/chat/sessions/${encodeURIComponent(session.session_id)}/messages${afterSeq > 0 ? `?after_seq=${afterSeq}` : ""}`;
    return normalizeList(await this.request("GET", path, session), "bot");
  }

  upload(session: Session, file: File, onProgress: (fraction: number) => void): Upload {
    const xhr = new XMLHttpRequest();
    const promise = new Promise<UploadedFile>((resolve, reject) => {
      xhr.open("POST", `${this.host}/api/v1/chat/sessions/${encodeURIComponent(session.session_id)}/attachments`);
      xhr.setRequestHeader("Authorization", `Bearer ${session.token}`);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
      };
      xhr.onload = () => {
        const data = parseJson(xhr.responseText) as Partial<UploadedFile> | null;
        if (xhr.status >= 200 && xhr.status < 300 && data && data.id) {
          onProgress(1);
          resolve({
            id: String(data.id),
            name: typeof data.name === "string" ? data.name : file.name,
            content_type: typeof data.content_type === "string" ? data.content_type : file.type,
            size: typeof data.size === "number" ? data.size : file.size,
            url: typeof data.url === "string" ? data.url : null,
          });
        } else reject(toApiError(xhr.status, data));
      };
      xhr.onerror = () => reject(toApiError(0, null));
      xhr.onabort = () => reject(new ApiError(0, "aborted", "Aborted"));
      const form = new FormData();
      form.append("file", file, file.name);
      xhr.send(form);
    });
    return { promise, abort: () => xhr.abort() };
  }
}
