import { describe, expect, it } from "vitest";
import { escapeHtml, plainText, renderMarkdown } from "../src/markdown";

/** Parses the renderer's output the way the widget does (innerHTML into a detached element). */
function dom(md: string): HTMLDivElement {
  const div = document.createElement("div");
  div.innerHTML = renderMarkdown(md);
  return div;
}

/** Every element and attribute of the output must be on the allow-list. */
function assertSafe(div: HTMLElement): void {
  const allowed: Record<string, string[]> = {
    P: [], BR: [], STRONG: [], EM: [], UL: [], OL: ["start"], LI: [],
    A: ["href", "target", "rel"],
  };
  for (const el of Array.from(div.querySelectorAll("*"))) {
    expect(Object.keys(allowed)).toContain(el.tagName);
    for (const attr of Array.from(el.attributes)) expect(allowed[el.tagName]).toContain(attr.name);
    if (el.tagName === "A") {
      expect(el.getAttribute("href")).toMatch(/^https?:\/\//i);
      expect(el.getAttribute("target")).toBe("_blank");
      expect(el.getAttribute("rel")).toBe("noopener noreferrer");
    }
  }
}

describe("markdown renderer", () => {
  it("renders bold, italic, links and line breaks", () => {
    const div = dom("**Облако** и *сервер*\nвторая строка [сайт](https://neurocode.ru/price?a=1&b=2)");
    assertSafe(div);
    expect(div.querySelector("strong")!.textContent).toBe("Облако");
    expect(div.querySelector("em")!.textContent).toBe("сервер");
    expect(div.querySelectorAll("br")).toHaveLength(1);
    const a = div.querySelector("a")!;
    expect(a.textContent).toBe("сайт");
    expect(a.getAttribute("href")).toBe("https://neurocode.ru/price?a=1&b=2");
  });

  it("renders '- ' and '1. ' lists and paragraphs", () => {
    const div = dom("Пакеты:\n- Старт\n- **Бизнес**\n\nШаги:\n1. Бриф\n2. Договор\n3. Запуск");
    assertSafe(div);
    expect(Array.from(div.querySelectorAll("ul li")).map((li) => li.textContent)).toEqual(["Старт", "Бизнес"]);
    expect(div.querySelector("ul strong")!.textContent).toBe("Бизнес");
    expect(Array.from(div.querySelectorAll("ol li")).map((li) => li.textContent)).toEqual(["Бриф", "Договор", "Запуск"]);
    expect(div.querySelectorAll("p")).toHaveLength(2);
  });

  it("keeps the first number of an ordered list", () => {
    expect(renderMarkdown("3. три\n4. четыре")).toBe('<ol start="3"><li>три</li><li>четыре</li></ol>');
  });

  it("turns bare http(s) URLs into links without the sentence's punctuation", () => {
    const div = dom("Прайс: https://neurocode.ru/price. Пишите!");
    const a = div.querySelector("a")!;
    expect(a.getAttribute("href")).toBe("https://neurocode.ru/price");
    expect(div.textContent).toBe("Прайс: https://neurocode.ru/price. Пишите!");
  });

  it("escapes <script>", () => {
    const out = renderMarkdown("<script>alert(1)</script>");
    expect(out).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    const div = dom("<script>alert(1)</script>");
    expect(div.querySelector("script")).toBeNull();
    expect(div.textContent).toBe("<script>alert(1)</script>");
  });

  it("escapes <img onerror> and other tags with attributes", () => {
    for (const attack of ['<img src=x onerror="alert(1)">', "<svg onload=alert(1)>", '<a href="javascript:alert(1)">x</a>', "<iframe src=//evil>"]) {
      const div = dom(attack);
      expect(div.children).toHaveLength(1);
      expect(div.firstElementChild!.tagName).toBe("P");
      expect(div.firstElementChild!.children).toHaveLength(0);
      expect(div.textContent).toBe(attack);
    }
  });

  it("never links javascript:, data: or vbscript: URLs", () => {
    for (const url of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "//evil.example"]) {
      const div = dom(`[нажми](${url})`);
      expect(div.querySelector("a")).toBeNull();
      assertSafe(div);
    }
  });

  it("cannot break out of the href attribute", () => {
    for (const attack of [
      '[x](https://a.ru/" onmouseover="alert(1))',
      "[x](https://a.ru/' onmouseover='alert(1))",
      '[x](https://a.ru/"><script>alert(1)</script>)',
      'https://a.ru/"onmouseover="alert(1)',
      "https://a.ru/<script>alert(1)</script>",
    ]) {
      const div = dom(attack);
      assertSafe(div);
      expect(div.querySelector("script")).toBeNull();
      for (const a of Array.from(div.querySelectorAll("a"))) expect(a.getAttribute("href")).not.toMatch(/["'<>]/);
    }
  });

  it("escapes markup inside link text and emphasis", () => {
    const div = dom("**<b>жирный</b>** [<img src=x onerror=alert(1)>](https://a.ru)");
    assertSafe(div);
    expect(div.querySelector("strong")!.textContent).toBe("<b>жирный</b>");
    expect(div.querySelector("a")!.textContent).toBe("<img src=x onerror=alert(1)>");
  });

  it("handles nested markup: emphasis around links, links inside lists", () => {
    const div = dom("**см. [условия](https://a.ru/terms)**\n- *пункт* с https://b.ru");
    assertSafe(div);
    expect(div.querySelector("strong a")!.getAttribute("href")).toBe("https://a.ru/terms");
    expect(div.querySelector("li em")!.textContent).toBe("пункт");
    expect(div.querySelector("li a")!.getAttribute("href")).toBe("https://b.ru");
  });

  it("leaves stray asterisks and arithmetic alone", () => {
    expect(renderMarkdown("2 * 3 * 4")).toBe("<p>2 * 3 * 4</p>");
    expect(renderMarkdown("**не закрыто")).toBe("<p>**не закрыто</p>");
  });

  it("ignores the renderer's own placeholder character in input", () => {
    const div = dom("\u00010\u0001 [a](https://a.ru)");
    assertSafe(div);
    expect(div.querySelectorAll("a")).toHaveLength(1);
    expect(div.textContent).toBe("0 a");
  });

  it("escapeHtml escapes the five special characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });

  it("plainText drops the marks", () => {
    expect(plainText("**Цена**: *от* [10 000 ₽](https://a.ru)\nв месяц")).toBe("Цена: от 10 000 ₽ в месяц");
  });
});
