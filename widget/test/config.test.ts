import { afterEach, describe, expect, it } from "vitest";
import { findScript, pickLang, readConfig, resolveHost, safeColor } from "../src/config";

function script(attrs: Record<string, string>): HTMLScriptElement {
  const s = document.createElement("script");
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
  document.body.append(s);
  return s;
}

afterEach(() => {
  document.body.innerHTML = "";
  document.documentElement.removeAttribute("lang");
});

describe("config from the script tag", () => {
  it("reads every data attribute", () => {
    const s = script({
      src: "https://cdn.example.com/widget.js",
      "data-title": "Нейрокод",
      "data-color": "#ff6600",
      "data-greeting": "Здравствуйте! Чем помочь?",
      "data-position": "left",
      "data-lang": "en",
      "data-host": "https://api.neurocode.ru/",
    });
    expect(readConfig(s, document)).toEqual({
      title: "Нейрокод",
      color: "#ff6600",
      greeting: "Здравствуйте! Чем помочь?",
      position: "left",
      lang: "en",
      host: "https://api.neurocode.ru",
    });
  });

  it("falls back to the defaults and the script's own origin", () => {
    const cfg = readConfig(script({ src: "https://chat.neurocode.ru/widget.js?v=3" }), document);
    expect(cfg.title).toBe("Онлайн-консультант");
    expect(cfg.color).toBe("#2459e0");
    expect(cfg.position).toBe("right");
    expect(cfg.lang).toBe("ru");
    expect(cfg.greeting).toMatch(/^Здравствуйте!/);
    expect(cfg.host).toBe("https://chat.neurocode.ru");
  });

  it("takes the language from <html lang> when data-lang is absent", () => {
    document.documentElement.setAttribute("lang", "en-US");
    const cfg = readConfig(script({ src: "https://x.ru/widget.js" }), document);
    expect(cfg.lang).toBe("en");
    expect(cfg.title).toBe("Online assistant");
    expect(pickLang("ru", "en")).toBe("ru");
    expect(pickLang(null, "de")).toBe("ru");
    expect(pickLang("EN", null)).toBe("en");
  });

  it("an empty data-greeting turns the greeting off", () => {
    expect(readConfig(script({ src: "/widget.js", "data-greeting": "" }), document).greeting).toBe("");
  });

  it("refuses colours that could inject CSS", () => {
    expect(safeColor("red")).toBe("red");
    expect(safeColor("#abc")).toBe("#abc");
    expect(safeColor("rgb(10, 20, 30)")).toBe("rgb(10, 20, 30)");
    expect(safeColor("red;background:url(https://evil)")).toBe("#2459e0");
    expect(safeColor("#fff}:host{display:none")).toBe("#2459e0");
    expect(safeColor("expression(alert(1))")).toBe("#2459e0");
    expect(safeColor(null)).toBe("#2459e0");
  });

  it("resolves the API host", () => {
    expect(resolveHost(null, "https://cdn.x.ru/static/widget.js", "https://shop.ru/page")).toBe("https://cdn.x.ru");
    expect(resolveHost("https://api.x.ru/sub/", "https://cdn.x.ru/widget.js", "https://shop.ru/")).toBe("https://api.x.ru/sub");
    expect(resolveHost("javascript:alert(1)", "https://cdn.x.ru/widget.js", "https://shop.ru/")).toBe("https://cdn.x.ru");
    expect(resolveHost(null, "/widget.js", "https://shop.ru/page")).toBe("https://shop.ru");
    expect(resolveHost(null, null, "https://shop.ru/page")).toBe("https://shop.ru");
  });

  it("finds the last script whose src ends in /widget.js when currentScript is gone", () => {
    script({ src: "https://a.ru/widget.js", id: "first" });
    script({ src: "https://a.ru/other.js" });
    script({ src: "https://b.ru/static/widget.js?v=2", id: "last" });
    script({ src: "https://b.ru/mywidget.json" });
    expect(findScript(document)!.id).toBe("last");
  });

  it("finds nothing when no script matches", () => {
    script({ src: "https://a.ru/app.js" });
    expect(findScript(document)).toBeNull();
  });
});
