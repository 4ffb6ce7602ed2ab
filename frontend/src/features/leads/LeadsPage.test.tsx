import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { loginAs, renderWithClient, stubApi } from "@/test/render";

import { filtersFromParams, leadsQuery, nextSort, paramsFromFilters } from "./api";
import { lead } from "./fixtures";
import { LeadsView } from "./LeadsPage";
import type { LeadFilters } from "./types";

class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

/** The page without the router: filters in state, the URL they would make shown. */
function Harness({ initial = {} }: { initial?: LeadFilters }) {
  const [filters, setFilters] = useState<LeadFilters>(initial);
  return (
    <>
      <output data-testid="url">{paramsFromFilters(filters)}</output>
      <LeadsView filters={filters} onChange={setFilters} />
    </>
  );
}

const LIST = { path: "/api/v1/leads", body: [lead("l1"), lead("l2", { status: "new", contact: null, amount: null })], headers: { "X-Total-Count": "120" } };
const listCalls = (calls: { url: string; method: string }[]) => calls.filter((c) => c.method === "GET" && c.url.startsWith("/api/v1/leads?")).map((c) => c.url);

beforeEach(() => {
  loginAs("manager");
  vi.stubGlobal("ResizeObserver", NoResizeObserver);
});
afterEach(() => vi.unstubAllGlobals());

describe("lead filters and the URL", () => {
  it("reads and writes the query string, defaults left out", () => {
    const filters = filtersFromParams(new URLSearchParams("status=won&channel=telegram&from=2026-11-01&to=2026-11-21&q=%2B79990001122&sort=-amount&offset=50&junk=1"));
    expect(filters).toEqual({ status: "won", channel: "telegram", from: "2026-11-01", to: "2026-11-21", q: "+79990001122", sort: "-amount", offset: 50 });
    expect(paramsFromFilters(filters)).toBe("status=won&channel=telegram&from=2026-11-01&to=2026-11-21&q=%2B79990001122&sort=-amount&offset=50");
    expect(paramsFromFilters({ sort: "-updated_at", offset: 0 })).toBe("");
    expect(leadsQuery({ product: "ai-lawyer" })).toEqual({
      status: undefined,
      channel: undefined,
      product: "ai-lawyer",
      from: undefined,
      to: undefined,
      q: undefined,
      sort: "-updated_at",
      limit: 50,
      offset: 0,
    });
  });

  it("flips the order of the same column and starts another descending", () => {
    expect(nextSort(undefined, "updated_at")).toBe("updated_at");
    expect(nextSort(undefined, "amount")).toBe("-amount");
    expect(nextSort("-amount", "amount")).toBe("amount");
    expect(nextSort("amount", "amount")).toBe("-amount");
    expect(nextSort("-amount", "created_at")).toBe("-created_at");
    expect(nextSort("-amount", "status")).toBe("status");
  });
});

describe("LeadsView", () => {
  it("shows the leads with their contact, amount and status", async () => {
    stubApi([LIST]);
    renderWithClient(<Harness />);
    const rows = await screen.findAllByTestId("lead-row");
    expect(rows.map((row) => row.getAttribute("data-lead-id"))).toEqual(["l1", "l2"]);
    const first = within(rows[0]!);
    expect(first.getByText("Анна Петрова")).toBeInTheDocument();
    expect(first.getByText("+79990001122")).toBeInTheDocument();
    expect(first.getByText("anna@example.ru")).toBeInTheDocument();
    expect(first.getByText("ИИ-Менеджер")).toBeInTheDocument();
    expect(await first.findByText("Сайт")).toBeInTheDocument(); // the server's name of "web"
    expect(first.getByText(/350\s000\s₽/)).toBeInTheDocument();
    expect(first.getByText("20.11.2026, 12:00")).toBeInTheDocument();
    expect(first.getByTestId("lead-status-select")).toHaveValue("qualified");
    expect(within(rows[1]!).getByText("Без имени")).toBeInTheDocument();
    expect(screen.getByText("1–50 из 120")).toBeInTheDocument();
    expect(screen.getByTestId("leads-search-hint")).toHaveTextContent("точное совпадение");
  });

  it("turns filters, the period and a debounced search into the query string", async () => {
    const { calls } = stubApi([LIST]);
    const user = userEvent.setup();
    renderWithClient(<Harness />);
    await screen.findAllByTestId("lead-row");
    expect(listCalls(calls)).toEqual(["/api/v1/leads?sort=-updated_at&limit=50&offset=0"]);

    await user.selectOptions(screen.getByTestId("leads-filter-status"), "won");
    const channel = screen.getByTestId("leads-filter-channel");
    await within(channel).findByRole("option", { name: "Telegram" });
    expect(within(channel).getAllByRole("option").map((option) => option.textContent)).toEqual(["Все", "Сайт", "Telegram", "Авито"]);
    await user.selectOptions(channel, "telegram");
    await user.selectOptions(screen.getByTestId("leads-filter-product"), "ai-lawyer");
    await user.type(screen.getByTestId("leads-filter-from"), "2026-11-01");
    await user.type(screen.getByTestId("leads-filter-to"), "2026-11-21");
    await user.type(screen.getByTestId("leads-search"), "anna@example.ru");

    const expected = "status=won&channel=telegram&product=ai-lawyer&from=2026-11-01&to=2026-11-21&q=anna%40example.ru";
    await waitFor(() => expect(screen.getByTestId("url")).toHaveTextContent(expected));
    await waitFor(() => expect(listCalls(calls).at(-1)).toBe(`/api/v1/leads?${expected}&sort=-updated_at&limit=50&offset=0`));
    // The search went out once, not letter by letter.
    expect(listCalls(calls).filter((url) => url.includes("q=")).length).toBe(1);
  });

  it("sorts by a clicked column, flipping on the second click, and pages from the start", async () => {
    const { calls } = stubApi([LIST]);
    const user = userEvent.setup();
    renderWithClient(<Harness initial={{ offset: 50 }} />);
    await screen.findAllByTestId("lead-row");
    expect(listCalls(calls)[0]).toBe("/api/v1/leads?sort=-updated_at&limit=50&offset=50");

    await user.click(screen.getByTestId("sort-amount"));
    await waitFor(() => expect(listCalls(calls).at(-1)).toBe("/api/v1/leads?sort=-amount&limit=50&offset=0"));
    expect(screen.getByTestId("sort-amount").closest("th")).toHaveAttribute("aria-sort", "descending");
    expect(screen.getByTestId("url")).toHaveTextContent("sort=-amount");

    await user.click(screen.getByTestId("sort-amount"));
    await waitFor(() => expect(listCalls(calls).at(-1)).toBe("/api/v1/leads?sort=amount&limit=50&offset=0"));
    expect(screen.getByTestId("sort-amount").closest("th")).toHaveAttribute("aria-sort", "ascending");

    await user.click(screen.getByTestId("sort-created_at"));
    await waitFor(() => expect(listCalls(calls).at(-1)).toBe("/api/v1/leads?sort=-created_at&limit=50&offset=0"));
    expect(screen.getByTestId("sort-amount").closest("th")).not.toHaveAttribute("aria-sort");

    await user.click(screen.getByRole("button", { name: /Вперёд/ }));
    await waitFor(() => expect(listCalls(calls).at(-1)).toBe("/api/v1/leads?sort=-created_at&limit=50&offset=50"));
    expect(screen.getByTestId("url")).toHaveTextContent("sort=-created_at&offset=50");
  });

  it("changes a status in place with a PATCH", async () => {
    const list = { ...LIST };
    const { calls } = stubApi([list, { method: "PATCH", path: "/api/v1/leads/l1", body: lead("l1", { status: "won" }) }]);
    const user = userEvent.setup();
    renderWithClient(<Harness />);
    const select = within((await screen.findAllByTestId("lead-row"))[0]!).getByTestId("lead-status-select");
    // What the server answers from now on: the list is read again after the change.
    list.body = [lead("l1", { status: "won" }), ...LIST.body.slice(1)];
    await user.selectOptions(select, "won");
    await waitFor(() => expect(calls.find((c) => c.method === "PATCH")).toEqual({ method: "PATCH", url: "/api/v1/leads/l1", body: { status: "won" } }));
    expect(select).toHaveValue("won");
    await waitFor(() => expect(listCalls(calls)).toHaveLength(2));
    expect(within(screen.getAllByTestId("lead-row")[0]!).getByTestId("lead-status-select")).toHaveValue("won");
  });

  it("asks why before marking a lead lost and sends the reason", async () => {
    const { calls } = stubApi([LIST, { method: "PATCH", path: "/api/v1/leads/l2", body: lead("l2", { status: "lost" }) }]);
    const user = userEvent.setup();
    renderWithClient(<Harness />);
    const select = within((await screen.findAllByTestId("lead-row"))[1]!).getByTestId("lead-status-select");
    await user.selectOptions(select, "lost");
    const dialog = await screen.findByTestId("lost-dialog");
    expect(within(dialog).getByText("Почему лид проигран?")).toBeInTheDocument();
    expect(calls.some((c) => c.method === "PATCH")).toBe(false);
    expect(within(dialog).getByTestId("lost-confirm")).toBeDisabled();

    await user.type(within(dialog).getByTestId("lost-reason"), "Выбрали другого подрядчика");
    await user.click(within(dialog).getByTestId("lost-confirm"));
    await waitFor(() =>
      expect(calls.find((c) => c.method === "PATCH")).toEqual({
        method: "PATCH",
        url: "/api/v1/leads/l2",
        body: { status: "lost", reason: "Выбрали другого подрядчика" },
      }),
    );
    await waitFor(() => expect(screen.queryByTestId("lost-dialog")).toBeNull());
  });

  it("shows the server's message when a status change fails", async () => {
    stubApi([LIST, { method: "PATCH", path: "/api/v1/leads/l1", status: 404, body: { error: { code: "lead_not_found", message: "Лид не найден." } } }]);
    const user = userEvent.setup();
    renderWithClient(<Harness />);
    await user.selectOptions(within((await screen.findAllByTestId("lead-row"))[0]!).getByTestId("lead-status-select"), "won");
    expect(await screen.findByRole("alert")).toHaveTextContent("Статус не изменён: Лид не найден.");
  });

  it("exports the CSV of the current filters with a spinner meanwhile", async () => {
    let finish: (response: Response) => void = () => {};
    const csv = new Promise<Response>((resolve) => (finish = resolve));
    const { calls } = stubApi([LIST]);
    const fetchMock = globalThis.fetch as ReturnType<typeof vi.fn>;
    const listFetch = fetchMock.getMockImplementation() as (url: string, init?: RequestInit) => Promise<Response>;
    fetchMock.mockImplementation(async (url: string, init?: RequestInit) =>
      url.startsWith("/api/v1/leads/export.csv") ? (calls.push({ method: "GET", url, body: undefined }), csv) : listFetch(url, init),
    );
    const createObjectURL = vi.fn(() => "blob:leads");
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    const user = userEvent.setup();
    renderWithClient(<Harness initial={{ status: "won", channel: "web", q: "Анна", sort: "-amount", offset: 50 }} />);
    await screen.findAllByTestId("lead-row");

    await user.click(screen.getByTestId("leads-export"));
    expect(screen.getByTestId("leads-export")).toHaveAttribute("aria-busy", "true");
    expect(calls.at(-1)?.url).toBe("/api/v1/leads/export.csv?status=won&channel=web&q=%D0%90%D0%BD%D0%BD%D0%B0&sort=-amount");

    finish(new Response("\ufeffID;Создан\r\n", { status: 200, headers: { "Content-Type": "text/csv", "Content-Disposition": 'attachment; filename="leads-2026-11-22.csv"' } }));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    const link = click.mock.instances[0] as unknown as HTMLAnchorElement;
    expect([link.download, link.href]).toEqual(["leads-2026-11-22.csv", "blob:leads"]);
    await waitFor(() => expect(screen.getByTestId("leads-export")).not.toHaveAttribute("aria-busy"));
    click.mockRestore();
  });
});
