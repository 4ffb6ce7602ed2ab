import { Assistant } from "./assistant";
import { makeTranslator } from "./i18n";
import { HistoryStore, storageKey } from "./store";
import type { Callbacks, SystemInfo, WidgetHost } from "./types";

/** How long an answer takes to appear, unless the manager asked the system for less motion. */
export const REVEAL_MS = 600;

function localStore(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function reducedMotion(): boolean {
  try {
    return window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  } catch {
    return false;
  }
}

/** Clipboard API where the page may use it, else the old hidden-textarea copy. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // no permission: try the old way
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.cssText = "position:fixed;top:0;left:0;width:1px;height:1px;opacity:0";
  const focused = document.activeElement as HTMLElement | null;
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } finally {
    area.remove();
    focused?.focus();
  }
  if (!ok) throw new Error("copy refused");
}

/** A callback that never throws into amoCRM and always answers true. */
function guard(fn: () => void): () => boolean {
  return () => {
    try {
      fn();
    } catch (e) {
      console.error("Salesbot widget:", e);
    }
    return true;
  };
}

/**
 * Fills in the widget object amoCRM made (`this` of the AMD module's constructor). amoCRM
 * calls the callbacks; with `init_once` the page keeps one widget while the manager moves
 * between areas, and `render` (called on each area) draws the launcher if it is not there.
 */
export function createWidget(self: WidgetHost): WidgetHost {
  let assistant: Assistant | null = null;
  const ensure = (): Assistant => {
    if (!assistant) {
      let system: SystemInfo = {};
      try {
        system = self.system() || {};
      } catch {
        // amoCRM without system(): one shared history
      }
      assistant = new Assistant({
        host: self,
        t: makeTranslator((key) => self.i18n(key)),
        store: new HistoryStore(storageKey(system.subdomain, system.amouser_id), localStore()),
        doc: document,
        app: () => window.APP,
        copy: copyText,
        revealMs: reducedMotion() ? 0 : REVEAL_MS,
      });
    }
    return assistant;
  };
  const callbacks: Callbacks = {
    render: guard(() => ensure().mount()),
    init: guard(() => ensure().mount()),
    bind_actions: guard(() => undefined),
    settings: guard(() => undefined),
    onSave: guard(() => undefined),
    destroy: guard(() => assistant?.destroy()),
  };
  self.callbacks = callbacks;
  return self;
}
