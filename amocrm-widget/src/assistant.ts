import { AssistantError, backendRoot, errorText, postMessage } from "./api";
import { currentContext } from "./context";
import type { Translate } from "./i18n";
import { HistoryStore, historyText, type ChatEntry } from "./store";
import type { AmoApp, Choice, Mode, WidgetHost } from "./types";
import { ChatView, type Status } from "./ui/view";

export interface AssistantDeps {
  host: WidgetHost;
  t: Translate;
  store: HistoryStore;
  doc: Document;
  /** amoCRM's `APP` global (read at each question: the open card changes). */
  app: () => AmoApp | undefined;
  /** Writes text to the clipboard. */
  copy: (text: string) => Promise<void>;
  /** How long an answer takes to appear, ms (0: at once). */
  revealMs: number;
  timeoutMs?: number;
}

/** The chat's state and behaviour; the view is drawn from it and can be mounted again. */
export class Assistant {
  messages: ChatEntry[];
  conversationId: string | null;
  mode: Mode | null;
  status: Status = "waiting";
  view: ChatView | null = null;
  private pending: { cancel(): void } | null = null;

  constructor(private readonly deps: AssistantDeps) {
    const saved = deps.store.load();
    this.messages = saved.messages;
    this.conversationId = saved.conversation_id;
    this.mode = saved.mode;
  }

  get busy(): boolean {
    return this.status !== "waiting";
  }

  /** Draws the launcher (once: a second call keeps the mounted one). */
  mount(): ChatView {
    if (this.view?.root.isConnected) return this.view;
    const view = new ChatView(this.deps.doc, this.deps.t, {
      send: (text) => this.send(text),
      choose: (choice: Choice) => this.send(choice.text),
      copy: () => void this.copy(),
      clear: () => this.clear(),
    });
    view.mount();
    this.view = view;
    this.draw();
    return view;
  }

  unmount(): void {
    this.view?.unmount();
    this.view = null;
  }

  /** Stops a question in flight and removes the view (amoCRM's `destroy`). */
  destroy(): void {
    this.pending?.cancel();
    this.pending = null;
    this.status = "waiting";
    this.unmount();
  }

  /** Sends a question; ignored when empty or while the previous one is being answered. */
  send(raw: string): boolean {
    const text = raw.trim();
    if (!text || this.busy) return false;
    this.view?.clearInput();
    this.push({ role: "user", text });
    let root: string;
    try {
      root = backendRoot(this.deps.host.get_settings()?.backend_url);
    } catch (e) {
      this.fail(e);
      return true;
    }
    const { host } = this.deps;
    const body = {
      text,
      context: currentContext(safe(() => host.system()), safe(this.deps.app)),
      conversation_id: this.conversationId,
    };
    this.setStatus("thinking");
    const request = postMessage(host, root, body, this.deps.timeoutMs);
    this.pending = request;
    request.promise.then(
      (reply) => {
        if (this.pending !== request) return;
        this.pending = null;
        this.conversationId = reply.conversation_id;
        this.mode = reply.mode;
        this.view?.setMode(reply.mode);
        this.messages.push({ role: "bot", text: reply.reply, choices: reply.choices });
        this.save();
        this.setStatus("answering");
        const finish = () => {
          this.setStatus("waiting");
          this.draw();
        };
        if (this.view) {
          this.view.renderMessages(this.messages, false);
          this.view.reveal(this.deps.revealMs, finish);
        } else finish();
      },
      (error: unknown) => {
        if (this.pending !== request) return;
        this.pending = null;
        this.fail(error);
      },
    );
    return true;
  }

  clear(): void {
    this.pending?.cancel();
    this.pending = null;
    this.messages = [];
    this.conversationId = null;
    this.mode = null;
    this.deps.store.clear();
    this.status = "waiting";
    this.draw();
    this.view?.input.focus();
  }

  async copy(): Promise<boolean> {
    const { t } = this.deps;
    const text = historyText(this.messages, { user: t("chat.you"), bot: t("chat.bot"), error: t("chat.error") });
    try {
      await this.deps.copy(text);
      this.view?.showNotice(t("chat.copied"));
      return true;
    } catch {
      this.view?.showNotice(t("chat.copy_failed"));
      return false;
    }
  }

  private fail(error: unknown): void {
    if (!(error instanceof AssistantError)) console.error("Salesbot widget:", error);
    this.status = "waiting";
    this.push({ role: "error", text: errorText(error, this.deps.t) });
  }

  private push(entry: ChatEntry): void {
    this.messages.push(entry);
    this.save();
    this.draw();
  }

  private save(): void {
    this.deps.store.save({ conversation_id: this.conversationId, mode: this.mode, messages: this.messages });
  }

  private setStatus(status: Status): void {
    this.status = status;
    this.view?.setStatus(status);
    this.view?.setBusy(this.busy);
  }

  private draw(): void {
    const v = this.view;
    if (!v) return;
    v.setStatus(this.status);
    v.setBusy(this.busy);
    v.setMode(this.mode);
    v.renderMessages(this.messages, !this.busy);
  }
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
