import { describe, expect, it } from "vitest";

import { common } from "@/i18n/common";
import { defineTexts, plural, translate } from "@/lib/i18n";

describe("texts", () => {
  it("has every shared text in both languages", () => {
    expect(Object.keys(common.en).sort()).toEqual(Object.keys(common.ru).sort());
  });

  it("prefers the page's own text, then the shared one, and fills placeholders", () => {
    const texts = defineTexts({ ru: { hello: "Привет, {name}" }, en: { hello: "Hello, {name}" } });
    expect(translate("ru", texts, "hello", { name: "Анна" })).toBe("Привет, Анна");
    expect(translate("en", texts, "hello", { name: "Ann" })).toBe("Hello, Ann");
    expect(translate("en", texts, "nav_leads")).toBe("Leads");
    expect(translate("ru", null, "page_of", { from: 1, to: 50, total: 120 })).toBe("1–50 из 120");
  });

  it("chooses Russian plural forms", () => {
    expect([1, 2, 5, 11, 21, 22, 25, 111].map((n) => plural(n, "сообщение", "сообщения", "сообщений"))).toEqual([
      "сообщение",
      "сообщения",
      "сообщений",
      "сообщений",
      "сообщение",
      "сообщения",
      "сообщений",
      "сообщений",
    ]);
  });
});
