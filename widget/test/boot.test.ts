import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flush } from "./helpers";

function addScript(attrs: Record<string, string>): HTMLScriptElement {
  const s = document.createElement("script");
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
  document.head.append(s);
  return s;
}

beforeEach(() => {
  vi.resetModules();
  delete window.SalesbotWidget;
  localStorage.clear();
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
});
afterEach(() => {
  document.head.innerHTML = "";
  document.body.innerHTML = "";
  vi.unstubAllGlobals();
});

describe("boot from the script tag", () => {
  it("mounts into a shadow root, reads the attributes and adds only window.SalesbotWidget", async () => {
    addScript({ src: "https://chat.neurocode.ru/widget.js", "data-title": "Нейрокод", "data-position": "left", "data-greeting": "Добрый день!" });
    const fetchSpy = vi.fn();
    vi.stubGlobal("fetch", fetchSpy);
    const before = new Set(Object.getOwnPropertyNames(window));
    await import("../src/index");
    const added = Object.getOwnPropertyNames(window).filter((k) => !before.has(k));
    expect(added).toEqual(["SalesbotWidget"]);
    const api = window.SalesbotWidget!;
    expect(typeof api.version).toBe("string");
    expect(typeof api.open).toBe("function");
    expect(typeof api.close).toBe("function");
    expect(typeof api.toggle).toBe("function");

    const hosts = document.body.querySelectorAll("[data-salesbot-widget]");
    expect(hosts).toHaveLength(1);
    const shadow = hosts[0].shadowRoot!;
    expect(shadow).not.toBeNull();
    expect(shadow.querySelector(".sb-title")!.textContent).toBe("Нейрокод");
    expect(shadow.querySelector(".sb-root")!.classList.contains("sb-left")).toBe(true);
    expect(shadow.querySelector('[data-testid="sb-greeting"]')!.textContent).toBe("Добрый день!");
    // Lazy: nothing is fetched before the visitor opens the chat.
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("opens through the page API and shows a notice when the site is not allowed", async () => {
    addScript({ src: "https://chat.neurocode.ru/widget.js" });
    const fetchSpy = vi.fn(async (_url: string) =>
      new Response(JSON.stringify({ error: { code: "origin_not_allowed", message: "Сайт https://shop.ru не может встраивать чат." } }), { status: 403 }),
    );
    vi.stubGlobal("fetch", fetchSpy);
    await import("../src/index");
    window.SalesbotWidget!.open();
    await flush(20);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(fetchSpy.mock.calls[0][0]).toBe("https://chat.neurocode.ru/api/v1/widget/config");
    const shadow = document.querySelector("[data-salesbot-widget]")!.shadowRoot!;
    const notice = shadow.querySelector('[data-testid="sb-notice"]') as HTMLElement;
    expect(notice.hidden).toBe(false);
    expect(notice.textContent).toBe("Чат недоступен на этом сайте");
    expect(console.warn).toHaveBeenCalledWith("[Salesbot]", "Сайт https://shop.ru не может встраивать чат.");
    window.SalesbotWidget!.toggle();
    expect((shadow.querySelector('[data-testid="sb-window"]') as HTMLElement).hidden).toBe(true);
  });

  it("boots once even if the script is included twice", async () => {
    addScript({ src: "https://chat.neurocode.ru/widget.js" });
    await import("../src/index");
    vi.resetModules();
    await import("../src/index");
    expect(document.body.querySelectorAll("[data-salesbot-widget]")).toHaveLength(1);
  });

  it("warns instead of throwing into the page when something breaks", async () => {
    addScript({ src: "https://chat.neurocode.ru/widget.js" });
    vi.spyOn(HTMLElement.prototype, "attachShadow").mockImplementation(() => {
      throw new Error("no shadow DOM here");
    });
    await expect(import("../src/index")).resolves.toBeDefined();
    expect(console.warn).toHaveBeenCalledWith("[Salesbot]", expect.any(Error));
    expect(() => window.SalesbotWidget!.open()).not.toThrow();
  });
});
