import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { loginAs, renderWithClient, stubApi } from "@/test/render";

import { highlight } from "./highlight";
import { SearchPlayground } from "./SearchPlayground";
import type { KbHit } from "./types";

beforeEach(() => loginAs("admin"));
afterEach(() => vi.unstubAllGlobals());

describe("SearchPlayground", () => {
  it("asks the search API and shows ranked passages with scores and sources", async () => {
    const { calls } = stubApi([
      {
        path: "/api/v1/kb/search",
        body: [
          { document: "faq/oplata.md", document_title: "Оплата", category: "faq", section: "Оплата › Картой", text: "Да, оплатить можно картой или через СБП.", score: 0.8123, citation: "Оплата — Картой" },
          { document: "prices/tarify.md", document_title: "Тарифы", category: "prices", section: "", text: "Оплата делится на два платежа.", score: 0.41, citation: "Тарифы" },
        ] satisfies KbHit[],
      },
    ]);
    renderWithClient(<SearchPlayground categories={["faq", "prices"]} />);
    await userEvent.type(screen.getByTestId("kb-search-input"), "оплата картой");
    await userEvent.selectOptions(screen.getByTestId("kb-search-k"), "10");
    await userEvent.selectOptions(screen.getByTestId("kb-search-category"), "faq");
    await userEvent.click(screen.getByTestId("kb-search-submit"));

    const hits = await screen.findAllByTestId("kb-hit");
    expect(calls[0]!.url).toBe("/api/v1/kb/search?q=%D0%BE%D0%BF%D0%BB%D0%B0%D1%82%D0%B0+%D0%BA%D0%B0%D1%80%D1%82%D0%BE%D0%B9&k=10&category=faq");
    expect(hits.map((hit) => within(hit).getByTestId("kb-hit-score").textContent)).toEqual(["Оценка 0.812", "Оценка 0.410"]);
    expect(hits[0]).toHaveTextContent("Оплата — Картой");
    expect(hits[0]).toHaveTextContent("faq/oplata.md");
    expect([...hits[0]!.querySelectorAll("mark")].map((mark) => mark.textContent)).toEqual(["оплатить", "картой"]);
  });

  it("says so when nothing is found", async () => {
    stubApi([{ path: "/api/v1/kb/search", body: [] }]);
    renderWithClient(<SearchPlayground categories={[]} />);
    await userEvent.type(screen.getByTestId("kb-search-input"), "ипотека");
    await userEvent.click(screen.getByTestId("kb-search-submit"));
    expect(await screen.findByText(/ничего не нашлось/)).toBeInTheDocument();
  });
});

describe("highlight", () => {
  it("marks query words and their forms, not short words", () => {
    expect(highlight("Оплата картой — да.", "оплатить карта").filter((p) => p.hit).map((p) => p.text)).toEqual(["Оплата", "картой"]);
    expect(highlight("Можно ли?", "ли")).toEqual([{ text: "Можно ли?", hit: false }]);
  });
});
