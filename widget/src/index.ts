/**
 * Boot: finds its own <script> tag, builds the widget in a shadow root and exposes
 * window.SalesbotWidget = {open, close, toggle, version}. Never throws into the host page.
 */
import { io } from "socket.io-client";
import { HttpApi } from "./api";
import { App } from "./app";
import { findScript, readConfig } from "./config";
import { warn } from "./emitter";
import { SessionStore, safeStorage } from "./session";
import { Beeper } from "./sound";
import { MessageStore } from "./store";
import { type SocketLike, Transport } from "./transport";

declare const __SALESBOT_VERSION__: string;

export const VERSION = typeof __SALESBOT_VERSION__ === "string" ? __SALESBOT_VERSION__ : "dev";

export interface SalesbotWidgetApi {
  version: string;
  open(): void;
  close(): void;
  toggle(): void;
}

declare global {
  interface Window {
    SalesbotWidget?: SalesbotWidgetApi;
  }
}

export function boot(script: HTMLScriptElement | null, doc: Document = document): App | null {
  const cfg = readConfig(script, doc);
  const prefs = new SessionStore(cfg.host, safeStorage());
  const store = new MessageStore(prefs.seenSeq() ?? 0);
  const transport = new Transport({
    host: cfg.host,
    api: new HttpApi(cfg.host),
    sessions: prefs,
    socketFactory: (url, options) => io(url, options) as unknown as SocketLike,
    lastSeq: () => store.lastSeq,
  });
  const app = new App(cfg, { transport, store, prefs, beeper: new Beeper(), doc });
  app.mount();
  return app;
}

(function main(): void {
  try {
    if (typeof window === "undefined" || typeof document === "undefined" || window.SalesbotWidget) return;
    // Captured synchronously: document.currentScript is null once this first run is over.
    const script = findScript(document);
    let app: App | null = null;
    let wantOpen: boolean | null = null;
    const safely = (fn: () => void) => () => {
      try {
        fn();
      } catch (err) {
        warn(err);
      }
    };
    window.SalesbotWidget = {
      version: VERSION,
      open: safely(() => (app ? app.open() : (wantOpen = true))),
      close: safely(() => (app ? app.close() : (wantOpen = false))),
      toggle: safely(() => (app ? app.toggle() : (wantOpen = !wantOpen))),
    };
    const start = safely(() => {
      if (app) return;
      app = boot(script);
      if (app && wantOpen) app.open();
    });
    if (document.body) start();
    else document.addEventListener("DOMContentLoaded", start);
  } catch (err) {
    warn(err);
  }
})();
