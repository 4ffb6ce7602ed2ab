/** A tiny typed event emitter: the seam between the transport and the UI. */
export class Emitter<Events extends object> {
  private handlers: { [K in keyof Events]?: Array<(payload: Events[K]) => void> } = {};

  on<K extends keyof Events>(event: K, handler: (payload: Events[K]) => void): () => void {
    const list = (this.handlers[event] ??= []);
    list.push(handler);
    return () => {
      const i = list.indexOf(handler);
      if (i >= 0) list.splice(i, 1);
    };
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const handler of (this.handlers[event] ?? []).slice()) {
      try {
        handler(payload);
      } catch (err) {
        warn(err);
      }
    }
  }
}

export function warn(...args: unknown[]): void {
  try {
    console.warn("[Salesbot]", ...args);
  } catch {
    /* no console */
  }
}
