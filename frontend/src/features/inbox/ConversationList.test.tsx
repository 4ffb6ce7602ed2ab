import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { usePreferences } from "@/lib/preferences";
import { loginAs, renderWithClient, stubApi } from "@/test/render";

import { ConversationList } from "./ConversationList";
import { row } from "./fixtures";
import type { InboxFilters } from "./types";

function Harness({ onSelect = () => {} }: { onSelect?: (id: string) => void }) {
  const [filters, setFilters] = useState<InboxFilters>({});
  return <ConversationList filters={filters} onFilters={setFilters} selectedId={null} onSelect={onSelect} />;
}

const ROWS = [
  row("11111111-aaaa", { contact_name: "Анна Петрова", unread: 2, last_message: { author: "customer", text: "Когда созвонимся?", created_at: "2026-11-22T08:00:00Z" } }),
  row("22222222-bbbb", { channel: "telegram", handoff_requested: true, handoff_reason: "customer_request", stage: "handed_off" }),
];

beforeEach(() => loginAs("manager"));
afterEach(() => {
  vi.unstubAllGlobals();
  usePreferences.getState().setLanguage("ru");
});

const listCalls = (calls: { url: string }[]) => calls.filter((c) => c.url.startsWith("/api/v1/conversations")).map((c) => c.url);

describe("ConversationList", () => {
  it("renders the rows and highlights a hand-off request with its reason", async () => {
    stubApi([{ path: "/api/v1/conversations", body: ROWS, headers: { "X-Total-Count": "2" } }]);
    renderWithClient(<Harness />);
    const rows = await screen.findAllByTestId("inbox-row");
    expect(rows.map((r) => r.getAttribute("data-conversation-id"))).toEqual(["11111111-aaaa", "22222222-bbbb"]);

    const first = within(rows[0]!);
    expect(first.getByText("Анна Петрова")).toBeInTheDocument();
    expect(first.getByText("Когда созвонимся?")).toBeInTheDocument();
    expect(first.getByTestId("unread-count")).toHaveTextContent("2");
    // Channel names are the server's (GET /channels).
    expect(await first.findByText("Сайт")).toBeInTheDocument();
    expect(first.queryByTestId("handoff-badge")).toBeNull();

    const second = within(rows[1]!);
    expect(await second.findByText("Посетитель · Telegram #222222")).toBeInTheDocument();
    expect(second.getByTestId("handoff-badge")).toHaveTextContent("Нужен менеджер: клиент просит менеджера");
    expect(rows[1]).toHaveAttribute("data-handoff", "true");
    expect(rows[1]!.className).toContain("border-l-red-500");
    expect(second.queryByTestId("unread-count")).toBeNull();
  });

  it("marks a conversation with messages the channel never took", async () => {
    stubApi([{ path: "/api/v1/conversations", body: [row("33333333-cccc", { undelivered: 2 }), row("44444444-dddd")], headers: { "X-Total-Count": "2" } }]);
    renderWithClient(<Harness />);
    const rows = await screen.findAllByTestId("inbox-row");
    expect(within(rows[0]!).getByTestId("undelivered-badge")).toHaveTextContent("Не доставлено: 2");
    expect(within(rows[1]!).queryByTestId("undelivered-badge")).toBeNull();
  });

  it("asks for the filters and a debounced search", async () => {
    const { calls } = stubApi([{ path: "/api/v1/conversations", body: ROWS, headers: { "X-Total-Count": "2" } }]);
    const user = userEvent.setup();
    renderWithClient(<Harness />);
    await screen.findAllByTestId("inbox-row");
    expect(listCalls(calls)).toEqual(["/api/v1/conversations?limit=30&offset=0"]);

    // The channel filter offers the server's channels, in its order.
    const channel = screen.getByTestId("inbox-filter-channel");
    await within(channel).findByRole("option", { name: "Авито" });
    expect(within(channel).getAllByRole("option").map((o) => [o.getAttribute("value"), o.textContent])).toEqual([
      ["", "Канал"],
      ["web", "Сайт"],
      ["telegram", "Telegram"],
      ["avito", "Авито"],
    ]);
    await user.click(screen.getByTestId("inbox-filter-handoff"));
    await user.selectOptions(channel, "Авито");
    await waitFor(() => expect(calls.at(-1)?.url).toBe("/api/v1/conversations?channel=avito&handoff=true&limit=30&offset=0"));

    const before = calls.length;
    await user.type(screen.getByTestId("inbox-search"), "Анна");
    // One request for the whole word, not one per letter.
    await waitFor(() => expect(calls.at(-1)?.url).toContain("q=%D0%90%D0%BD%D0%BD%D0%B0"));
    expect(calls.length - before).toBe(1);
  });

  it("names channels in the interface language", async () => {
    usePreferences.getState().setLanguage("en");
    stubApi([{ path: "/api/v1/conversations", body: [row("33333333-cccc")], headers: { "X-Total-Count": "1" } }]);
    renderWithClient(<Harness />);
    const [only] = await screen.findAllByTestId("inbox-row");
    expect(await within(only!).findByText("Visitor · Website #333333")).toBeInTheDocument();
    expect(within(only!).getByText("Website")).toBeInTheDocument();
    expect(within(screen.getByTestId("inbox-filter-channel")).getAllByRole("option").map((o) => o.textContent)).toEqual(["Channel", "Website", "Telegram", "Avito"]);
  });

  it("shows the code of a channel the server does not serve", async () => {
    stubApi([{ path: "/api/v1/conversations", body: [row("44444444-dddd", { channel: "vk" })], headers: { "X-Total-Count": "1" } }]);
    renderWithClient(<Harness />);
    const [only] = await screen.findAllByTestId("inbox-row");
    await within(screen.getByTestId("inbox-filter-channel")).findByRole("option", { name: "Сайт" });
    expect(within(only!).getByText("Посетитель · vk #444444")).toBeInTheDocument();
    expect(within(only!).getByText("vk")).toBeInTheDocument();
  });

  it("loads the next page on request", async () => {
    const { calls } = stubApi([
      {
        path: "/api/v1/conversations",
        body: Array.from({ length: 30 }, (_, i) => row(`id-${i}`)),
        headers: { "X-Total-Count": "45" },
      },
    ]);
    const user = userEvent.setup();
    renderWithClient(<Harness />);
    await screen.findAllByTestId("inbox-row");
    await user.click(screen.getByTestId("inbox-more"));
    await waitFor(() => expect(calls.at(-1)?.url).toBe("/api/v1/conversations?limit=30&offset=30"));
  });

  it("opens a conversation on click", async () => {
    const onSelect = vi.fn();
    stubApi([{ path: "/api/v1/conversations", body: ROWS, headers: { "X-Total-Count": "2" } }]);
    const user = userEvent.setup();
    renderWithClient(<Harness onSelect={onSelect} />);
    await user.click((await screen.findAllByTestId("inbox-row"))[1]!);
    expect(onSelect).toHaveBeenCalledWith("22222222-bbbb");
  });

  it("shows the server's error", async () => {
    stubApi([{ path: "/api/v1/conversations", status: 500, body: { error: { code: "internal", message: "Сервис временно недоступен." } } }]);
    renderWithClient(<Harness />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Сервис временно недоступен.");
    expect(screen.getByRole("button", { name: "Повторить" })).toBeInTheDocument();
  });
});
