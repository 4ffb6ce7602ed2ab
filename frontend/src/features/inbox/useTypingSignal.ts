// Tells the customer that a manager is typing: `typing: true` at most every few seconds while
// keys are pressed, `typing: false` after a pause or when the reply is sent.
import { useCallback, useEffect, useRef } from "react";

import { useAuth } from "@/lib/auth";
import { operatorSocket } from "@/lib/socket";

export interface Emitter {
  emit: (event: string, payload: unknown) => unknown;
}

export const REPEAT_MS = 3000;
export const IDLE_MS = 4000;

export function useTypingSignal(conversationId: string, enabled: boolean, emitter?: Emitter) {
  const token = useAuth((state) => state.token);
  const lastSent = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);

  const target = useCallback((): Emitter | null => emitter ?? (token ? operatorSocket(token) : null), [emitter, token]);

  const stop = useCallback(() => {
    if (idle.current) clearTimeout(idle.current);
    idle.current = null;
    if (lastSent.current) target()?.emit("typing", { conversation_id: conversationId, typing: false });
    lastSent.current = 0;
  }, [conversationId, target]);

  const keystroke = useCallback(() => {
    if (!enabled) return;
    const now = Date.now();
    if (now - lastSent.current >= REPEAT_MS) {
      target()?.emit("typing", { conversation_id: conversationId, typing: true });
      lastSent.current = now;
    }
    if (idle.current) clearTimeout(idle.current);
    idle.current = setTimeout(stop, IDLE_MS);
  }, [enabled, conversationId, target, stop]);

  useEffect(() => stop, [stop]);
  return { keystroke, stop };
}
