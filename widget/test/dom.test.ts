import { describe, expect, it } from "vitest";
import { formatTime, h, icon } from "../src/ui/dom";
import { onAccent } from "../src/styles";

describe("DOM helpers", () => {
  it("formats today's times as HH:MM and older ones with the date", () => {
    const now = new Date(2026, 10, 22, 18, 0);
    expect(formatTime(new Date(2026, 10, 22, 9, 5).toISOString(), "ru", now)).toBe("09:05");
    expect(formatTime(new Date(2026, 10, 21, 23, 59).toISOString(), "ru", now)).toBe("21.11, 23:59");
    expect(formatTime(new Date(2026, 10, 21, 23, 59).toISOString(), "en", now)).toBe("21/11, 23:59");
    expect(formatTime("not a date", "ru", now)).toBe("");
  });

  it("h() sets attributes as text, never as markup", () => {
    const el = h("div", { title: '"><img src=x onerror=alert(1)>', hidden: true, "data-x": 3, skipped: false }, "<b>text</b>");
    expect(el.getAttribute("title")).toBe('"><img src=x onerror=alert(1)>');
    expect(el.hasAttribute("hidden")).toBe(true);
    expect(el.getAttribute("data-x")).toBe("3");
    expect(el.hasAttribute("skipped")).toBe(false);
    expect(el.children).toHaveLength(0);
    expect(el.textContent).toBe("<b>text</b>");
  });

  it("icons are decorative SVGs", () => {
    const svg = icon("M0 0h24");
    expect(svg.namespaceURI).toBe("http://www.w3.org/2000/svg");
    expect(svg.getAttribute("aria-hidden")).toBe("true");
  });

  it("picks readable text for the accent colour", () => {
    expect(onAccent("#2459e0")).toBe("#fff");
    expect(onAccent("#ffcc00")).toBe("#1f2430");
    expect(onAccent("#fff")).toBe("#1f2430");
    expect(onAccent("rebeccapurple")).toBe("#fff");
  });
});
