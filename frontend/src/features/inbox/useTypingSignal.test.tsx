import { act, render } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { IDLE_MS, REPEAT_MS, useTypingSignal, type Emitter } from "./useTypingSignal";

let signal: ReturnType<typeof useTypingSignal>;

function Probe({ enabled, emitter }: { enabled: boolean; emitter: Emitter }) {
  signal = useTypingSignal("c1", enabled, emitter);
  return null;
}

describe("useTypingSignal", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("says typing once per interval and stops after a pause", () => {
    const emit = vi.fn();
    render(<Probe enabled emitter={{ emit }} />);
    act(() => signal.keystroke());
    act(() => signal.keystroke());
    expect(emit.mock.calls).toEqual([["typing", { conversation_id: "c1", typing: true }]]);
    act(() => vi.advanceTimersByTime(REPEAT_MS));
    act(() => signal.keystroke());
    expect(emit).toHaveBeenCalledTimes(2);
    act(() => vi.advanceTimersByTime(IDLE_MS));
    expect(emit.mock.calls.at(-1)).toEqual(["typing", { conversation_id: "c1", typing: false }]);
  });

  it("stays silent while the bot holds the conversation", () => {
    const emit = vi.fn();
    render(<Probe enabled={false} emitter={{ emit }} />);
    act(() => signal.keystroke());
    act(() => vi.advanceTimersByTime(IDLE_MS));
    expect(emit).not.toHaveBeenCalled();
  });

  it("stops at once when the reply is sent", () => {
    const emit = vi.fn();
    render(<Probe enabled emitter={{ emit }} />);
    act(() => signal.keystroke());
    act(() => signal.stop());
    expect(emit.mock.calls.map((call) => (call[1] as { typing: boolean }).typing)).toEqual([true, false]);
  });
});
