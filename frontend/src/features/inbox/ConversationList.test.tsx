import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

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
afterEach(() => vi.unstubAllGlobals());

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
    expect(first.getByText("Сайт")).toBeInTheDocument();
    expect(first.queryByTestId("handoff-badge")).toBeNull();

    const second = within(rows[1]!);
    expect(second.getByText("Посетитель · Telegram #222222")).toBeInTheDocument();
    expect(second.getByTestId("handoff-badge")).toHaveTextContent("Нужен менеджер: клиент просит менеджера");
    expect(rows[1]).toHaveAttribute("data-handoff", "true");
    expect(rows[1]!.className).toContain("border-l-red-500");
    expect(second.queryByTestId("unread-count")).toBeNull();
  });

  it("asks for the filters and a debounced search", async () => {
    const { calls } = stubApi([{ path: "/api/v1/conversations", body: ROWS, headers: { "X-Total-Count": "2" } }]);
    const user = userEvent.setup();
    renderWithClient(<Harness />);
    await screen.findAllByTestId("inbox-row");
    expect(calls[0]?.url).toBe("/api/v1/conversations?limit=30&offset=0");

    await user.click(screen.getByTestId("inbox-filter-handoff"));
    await user.selectOptions(screen.getByTestId("inbox-filter-channel"), "telegram");
    await waitFor(() => expect(calls.at(-1)?.url).toBe("/api/v1/conversations?channel=telegram&handoff=true&limit=30&offset=0"));

    const before = calls.length;
    await user.type(screen.getByTestId("inbox-search"), "Анна");
    // One request for the whole word, not one per letter.
    await waitFor(() => expect(calls.at(-1)?.url).toContain("q=%D0%90%D0%BD%D0%BD%D0%B0"));
    expect(calls.length - before).toBe(1);
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
