// The shapes the widget shares with amoCRM (the host object, jQuery's Deferred) and with the
// Salesbot back end (POST /api/v1/amocrm-assistant/messages).

export type Mode = "llm" | "rules";
export type EntityType = "leads" | "contacts" | "companies";

export interface Choice {
  label: string;
  text: string;
}

/** Where the manager is in amoCRM when asking. */
export interface AssistantContext {
  area: string | null;
  entity_type: EntityType | null;
  entity_id: number | null;
}

export interface MessageBody {
  text: string;
  context: AssistantContext;
  conversation_id: string | null;
}

/** The 200 answer of the back end. */
export interface AssistantReply {
  reply: string;
  mode: Mode;
  choices: Choice[];
  conversation_id: string;
}

/** The parts of a jqXHR the widget reads. */
export interface JqXhrLike {
  status?: number;
  responseJSON?: unknown;
  responseText?: string;
  abort?: (statusText?: string) => void;
}

/** The parts of the jQuery Deferred (a jqXHR) that `$authorizedAjax` returns. */
export interface AjaxPromise extends JqXhrLike {
  done(callback: (data: unknown, textStatus: string, xhr: JqXhrLike) => void): AjaxPromise;
  fail(callback: (xhr: JqXhrLike, textStatus: string, errorThrown: string) => void): AjaxPromise;
}

export interface AjaxOptions {
  url: string;
  type: "POST";
  contentType: string;
  dataType: "json";
  data: string;
  timeout: number;
}

/** `self.system()`: only the fields the widget reads (amoCRM gives many more). */
export interface SystemInfo {
  area?: string;
  amouser_id?: number | string;
  subdomain?: string;
}

export interface Callbacks {
  render(): boolean;
  init(): boolean;
  bind_actions(): boolean;
  settings(): boolean;
  onSave(): boolean;
  destroy(): boolean;
}

/** `this` of the widget's constructor: amoCRM puts these helpers on it. */
export interface WidgetHost {
  system(): SystemInfo;
  get_settings(): Record<string, unknown> | undefined;
  i18n(key: string): unknown;
  $authorizedAjax(options: AjaxOptions): AjaxPromise;
  callbacks?: Callbacks;
}

/** The `APP` global of amoCRM's pages (the part the widget reads). */
export interface AmoApp {
  data?: { current_card?: { id?: unknown } | null } | null;
}

declare global {
  interface Window {
    APP?: AmoApp;
  }
}
