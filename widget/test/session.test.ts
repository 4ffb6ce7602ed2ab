import { describe, expect, it } from "vitest";
import { SessionStore, isSessionGone } from "../src/session";
import { MemoryStorage } from "./helpers";

describe("session storage", () => {
  it("saves and loads {session_id, token} under salesbot:<host>:session", () => {
    const storage = new MemoryStorage();
    const store = new SessionStore("https://chat.neurocode.ru", storage);
    expect(store.load()).toBeNull();
    store.save({ session_id: "abc", token: "tok" });
    expect(JSON.parse(storage.getItem("salesbot:https://chat.neurocode.ru:session")!)).toEqual({ session_id: "abc", token: "tok" });
    expect(new SessionStore("https://chat.neurocode.ru", storage).load()).toEqual({ session_id: "abc", token: "tok" });
  });

  it("keeps sessions of different hosts apart", () => {
    const storage = new MemoryStorage();
    new SessionStore("https://a.ru", storage).save({ session_id: "a", token: "1" });
    expect(new SessionStore("https://b.ru", storage).load()).toBeNull();
  });

  it("drops a corrupted or incomplete stored session", () => {
    const storage = new MemoryStorage();
    const store = new SessionStore("h", storage);
    for (const bad of ["{not json", JSON.stringify({ session_id: "x" }), JSON.stringify({ session_id: "", token: "t" }), "null"]) {
      storage.setItem("salesbot:h:session", bad);
      expect(store.load()).toBeNull();
      expect(storage.getItem("salesbot:h:session")).toBeNull();
    }
  });

  it("clear() forgets the session and the seen seq together", () => {
    const storage = new MemoryStorage();
    const store = new SessionStore("h", storage);
    store.save({ session_id: "s", token: "t" });
    store.saveSeenSeq(12);
    expect(store.seenSeq()).toBe(12);
    store.clear();
    expect(store.load()).toBeNull();
    expect(store.seenSeq()).toBeNull();
  });

  it("remembers the sound preference, on by default", () => {
    const store = new SessionStore("h", new MemoryStorage());
    expect(store.soundOn()).toBe(true);
    store.saveSound(false);
    expect(store.soundOn()).toBe(false);
  });

  it("works in memory when localStorage throws (privacy modes)", () => {
    const broken = new MemoryStorage();
    broken.setItem = () => {
      throw new Error("QuotaExceededError");
    };
    broken.getItem = () => {
      throw new Error("SecurityError");
    };
    const store = new SessionStore("h", broken);
    store.save({ session_id: "s", token: "t" });
    expect(store.load()).toEqual({ session_id: "s", token: "t" });
    const none = new SessionStore("h", null);
    none.save({ session_id: "s2", token: "t2" });
    expect(none.load()).toEqual({ session_id: "s2", token: "t2" });
  });

  it("knows which errors mean the session is gone", () => {
    expect(isSessionGone("invalid_chat_token")).toBe(true);
    expect(isSessionGone("chat_session_not_found")).toBe(true);
    expect(isSessionGone("rate_limited")).toBe(false);
    expect(isSessionGone(undefined)).toBe(false);
  });
});
