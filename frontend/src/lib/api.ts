// The one door to the back end: JSON over fetch with the operator's token, errors as ApiError.
import { useAuth } from "@/lib/auth";

export const API_PREFIX = "/api/v1";

/** The server's error body: {"error": {"code", "message", "details"}}. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface RequestOptions {
  method?: string;
  query?: Query;
  json?: unknown;
  form?: FormData | URLSearchParams;
  signal?: AbortSignal;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = useAuth.getState().token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form;
  }
  let response: Response;
  try {
    response = await fetch(withQuery(API_PREFIX + path, options.query), {
      method: options.method ?? (body ? "POST" : "GET"),
      headers,
      body,
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "Нет связи с сервером. Проверьте подключение.");
  }
  if (!response.ok) throw await readError(response);
  return response;
}

export async function readError(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = `Сервер ответил ошибкой ${response.status}.`;
  let details: unknown = null;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error) {
      code = body.error.code ?? code;
      message = body.error.message ?? message;
      details = body.error.details ?? null;
    }
  } catch {
    // Not JSON (a proxy's page): keep the generic message.
  }
  if (response.status === 401) useAuth.getState().logout();
  return new ApiError(response.status, code, message, details);
}

/** JSON body of a successful call (undefined for 204). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A page of a list endpoint: the items plus the total from X-Total-Count. */
export interface Page<T> {
  items: T[];
  total: number;
}

export async function apiPage<T>(path: string, options: RequestOptions = {}): Promise<Page<T>> {
  const response = await send(path, options);
  const items = (await response.json()) as T[];
  const total = Number(response.headers.get("X-Total-Count") ?? items.length);
  return { items, total: Number.isFinite(total) ? total : items.length };
}

/** Downloads a file the API returns (CSV, PDF) under its server-given name. */
export async function download(path: string, query?: Query, fallbackName = "export.csv"): Promise<void> {
  const response = await send(path, { query });
  const blob = await response.blob();
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match?.[1] ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A multipart upload with progress (fetch cannot report upload progress). */
export function upload<T>(path: string, form: FormData, onProgress?: (share: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", API_PREFIX + path);
    const token = useAuth.getState().token;
    if (token) request.setRequestHeader("Authorization", `Bearer ${token}`);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError(0, "network_error", "Нет связи с сервером. Проверьте подключение."));
    request.onload = async () => {
      const response = new Response(request.responseText, {
        status: request.status,
        headers: { "Content-Type": request.getResponseHeader("Content-Type") ?? "application/json" },
      });
      if (request.status >= 200 && request.status < 300) resolve((await response.json()) as T);
      else reject(await readError(response));
    };
    request.send(form);
  });
}

/** A human message for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return "Что-то пошло не так. Попробуйте ещё раз.";
}
