import { vi } from "vitest";
import ru from "../i18n/ru.json";
import type { AjaxOptions, AjaxPromise, JqXhrLike, SystemInfo, WidgetHost } from "../src/types";

/** A jqXHR (jQuery Deferred) the test settles by hand. */
export class FakeXhr implements AjaxPromise {
  status?: number;
  private dones: Array<(data: unknown, textStatus: string, xhr: JqXhrLike) => void> = [];
  private fails: Array<(xhr: JqXhrLike, textStatus: string, error: string) => void> = [];
  abort = vi.fn();

  done(cb: (data: unknown, textStatus: string, xhr: JqXhrLike) => void): this {
    this.dones.push(cb);
    return this;
  }
  fail(cb: (xhr: JqXhrLike, textStatus: string, error: string) => void): this {
    this.fails.push(cb);
    return this;
  }
  resolve(data: unknown): void {
    this.status = 200;
    for (const cb of this.dones) cb(data, "success", this);
  }
  reject(xhr: JqXhrLike, textStatus = "error", error = ""): void {
    for (const cb of this.fails) cb(xhr, textStatus, error);
  }
  /** An error answer of the back end: `{"error": {...}}` with a status. */
  rejectWith(status: number, code: string, message: string): void {
    this.reject({ status, responseJSON: { error: { code, message, details: null } } }, "error", "Error");
  }
}

export interface StubHost extends WidgetHost {
  requests: Array<{ options: AjaxOptions; body: any; xhr: FakeXhr }>;
  last(): { options: AjaxOptions; body: any; xhr: FakeXhr };
  systemInfo: SystemInfo;
  settings: Record<string, unknown>;
}

/** The widget object amoCRM would make, with `$authorizedAjax` answering FakeXhrs. */
export function stubHost(system: SystemInfo = { area: "lcard", amouser_id: 42, subdomain: "example" }, backend_url: unknown = "https://bot.example.ru"): StubHost {
  const host: StubHost = {
    requests: [],
    systemInfo: system,
    settings: { backend_url },
    last() {
      const r = host.requests[host.requests.length - 1];
      if (!r) throw new Error("no request");
      return r;
    },
    system: () => host.systemInfo,
    get_settings: () => host.settings,
    i18n: (key: string) => (ru as Record<string, unknown>)[key],
    $authorizedAjax: vi.fn((options: AjaxOptions) => {
      const xhr = new FakeXhr();
      host.requests.push({ options, body: JSON.parse(options.data), xhr });
      return xhr;
    }),
  };
  return host;
}

export const REPLY = {
  reply: "В сделке 17657 два открытых задания.",
  mode: "llm",
  choices: [
    { label: "Показать задачи", text: "Покажи задачи по сделке" },
    { label: "Создать задачу", text: "Создай задачу на завтра" },
  ],
  conversation_id: "conv-1",
};

/** Lets pending promise callbacks run. */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await Promise.resolve();
}
