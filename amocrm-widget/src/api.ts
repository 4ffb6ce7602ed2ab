import type { AjaxPromise, AssistantReply, Choice, JqXhrLike, MessageBody, WidgetHost } from "./types";

export const MESSAGES_PATH = "/api/v1/amocrm-assistant/messages";
/** The back end answers within 15 s; past 20 s the widget gives up. */
export const REQUEST_TIMEOUT_MS = 20_000;

export type ErrorKind = "no_backend" | "bad_backend" | "network" | "timeout" | "bad_response" | "server";

/** A failed request. `message` is the server's own (already in Russian) when it sent one. */
export class AssistantError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly status: number | null = null,
    readonly serverMessage: string | null = null,
    readonly code: string | null = null,
  ) {
    super(serverMessage ?? kind);
    this.name = "AssistantError";
  }
}

/** The API root from the `backend_url` setting: https (or http), no path, query or trailing slash. */
export function backendRoot(setting: unknown): string {
  const raw = typeof setting === "string" ? setting.trim() : "";
  if (!raw) throw new AssistantError("no_backend");
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new AssistantError("bad_backend");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new AssistantError("bad_backend");
  if (url.username || url.password || url.search || url.hash) throw new AssistantError("bad_backend");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function isChoice(v: unknown): v is Choice {
  const c = v as Choice;
  return !!c && typeof c === "object" && typeof c.label === "string" && typeof c.text === "string" && !!c.text;
}

/** Checks a 200 body against the contract; anything else is a bad response. */
export function parseReply(data: unknown): AssistantReply {
  const d = data as Partial<AssistantReply> | null;
  if (!d || typeof d !== "object" || typeof d.reply !== "string") throw new AssistantError("bad_response");
  if (d.mode !== "llm" && d.mode !== "rules") throw new AssistantError("bad_response");
  if (typeof d.conversation_id !== "string" || !d.conversation_id) throw new AssistantError("bad_response");
  const choices = Array.isArray(d.choices) ? d.choices.filter(isChoice).map((c) => ({ label: c.label || c.text, text: c.text })) : [];
  return { reply: d.reply, mode: d.mode, choices, conversation_id: d.conversation_id };
}

function errorBody(xhr: JqXhrLike): { code?: unknown; message?: unknown } | null {
  let body = xhr.responseJSON;
  if (body === undefined && typeof xhr.responseText === "string" && xhr.responseText) {
    try {
      body = JSON.parse(xhr.responseText);
    } catch {
      body = undefined;
    }
  }
  const error = body && typeof body === "object" ? (body as { error?: unknown }).error : undefined;
  return error && typeof error === "object" ? (error as { code?: unknown; message?: unknown }) : null;
}

/** Maps a failed jqXHR to an AssistantError. */
export function failure(xhr: JqXhrLike, textStatus: string): AssistantError {
  const status = typeof xhr.status === "number" ? xhr.status : 0;
  if (textStatus === "timeout") return new AssistantError("timeout");
  if (status === 0) return new AssistantError("network");
  const error = errorBody(xhr);
  const message = typeof error?.message === "string" && error.message.trim() ? error.message.trim() : null;
  const code = typeof error?.code === "string" ? error.code : null;
  if (status >= 200 && status < 300) return new AssistantError("bad_response", status);
  return new AssistantError("server", status, message, code);
}

/**
 * Sends one question through `self.$authorizedAjax` (amoCRM adds the disposable
 * `X-Auth-Token`; the widget holds no key of its own). Gives up after `timeoutMs`.
 * `cancel()` aborts it; the promise then never settles.
 */
export function postMessage(
  host: Pick<WidgetHost, "$authorizedAjax">,
  root: string,
  body: MessageBody,
  timeoutMs: number = REQUEST_TIMEOUT_MS,
): { promise: Promise<AssistantReply>; cancel(): void } {
  let settled = false;
  let xhr: AjaxPromise | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const abort = () => {
    try {
      xhr?.abort?.();
    } catch {
      // an already finished request
    }
  };
  const promise = new Promise<AssistantReply>((resolve, reject) => {
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    timer = setTimeout(() => settle(() => (abort(), reject(new AssistantError("timeout")))), timeoutMs);
    try {
      xhr = host.$authorizedAjax({
        url: root + MESSAGES_PATH,
        type: "POST",
        contentType: "application/json",
        dataType: "json",
        data: JSON.stringify(body),
        timeout: timeoutMs,
      });
      xhr
        .done((data) =>
          settle(() => {
            try {
              resolve(parseReply(data));
            } catch (e) {
              reject(e);
            }
          }),
        )
        .fail((jq, textStatus) => settle(() => reject(failure(jq ?? {}, textStatus))));
    } catch {
      settle(() => reject(new AssistantError("network")));
    }
  });
  return {
    promise,
    cancel() {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      abort();
    },
  };
}

/** The Russian (or English) text shown for an error. */
export function errorText(error: unknown, t: (key: string, vars?: Record<string, string | number>) => string): string {
  if (!(error instanceof AssistantError)) return t("error.network");
  if (error.serverMessage) return error.serverMessage;
  if (error.kind === "server") return t("error.status", { status: error.status ?? 0 });
  return t(`error.${error.kind}`);
}
