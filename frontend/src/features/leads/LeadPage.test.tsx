import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { Schemas } from "@/lib/api-types";
import { loginAs, renderWithClient, stubApi } from "@/test/render";

import { leadDetail } from "./fixtures";
import type { Lead } from "./types";
import { LeadView } from "./LeadPage";

const RESENT: Schemas["ChatMessageOut"] = {
  id: "m9",
  seq: 9,
  author: "manager",
  text: "Коммерческое предложение КП-2026-0042",
  created_at: "2026-11-21T12:00:00Z",
  attachments: [{ name: "КП-2026-0042.pdf", content_type: "application/pdf", url: "/api/v1/files/d1?signature=abc" }],
};

class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

const nbsp = (text: string | null) => (text ?? "").replace(/[\u00a0\u202f]/g, " ");

beforeEach(() => {
  loginAs("manager");
  vi.stubGlobal("ResizeObserver", NoResizeObserver);
});
afterEach(() => vi.unstubAllGlobals());

describe("LeadView", () => {
  it("shows the contact, brief, quotes and the timeline in order with icons and actors", async () => {
    stubApi([{ path: "/api/v1/leads/l1", body: leadDetail("l1") }]);
    renderWithClient(<LeadView id="l1" />);
    expect(await screen.findByTestId("lead-title")).toHaveTextContent("Анна Петрова");
    expect(await screen.findByText("Сайт")).toBeInTheDocument(); // the channel, named by the server
    expect(screen.getByTestId("lead-status-select")).toHaveValue("quote_sent");
    expect(screen.getByTestId("lead-open-conversation").getAttribute("href")).toMatch(/\/inbox\/?\?c=conv-l1$/);

    expect(screen.getByText("Источник").nextSibling).toHaveTextContent("Чат на сайте");

    const brief = screen.getByTestId("lead-brief");
    expect(within(brief).getByText("Отрасль").nextSibling).toHaveTextContent("Ритейл");
    expect(within(brief).getByText("Размещение").nextSibling).toHaveTextContent("на своих серверах");

    const quotes = within(screen.getByTestId("lead-quotes")).getAllByRole("listitem").map((li) => nbsp(li.textContent));
    expect(quotes).toEqual(["Старт150 000 ₽", "Оптимумрекомендуем350 000 ₽", "Enterprise900 000 ₽"]);

    const entries = within(screen.getByTestId("lead-timeline")).getAllByRole("listitem");
    expect(entries.map((li) => li.getAttribute("data-kind"))).toEqual(["lead_created", "quote", "lead_status"]);
    expect(entries.map((li) => li.querySelector("[data-icon]")?.getAttribute("data-icon"))).toEqual(["plus", "calculator", "tag"]);
    expect(entries.every((li) => li.querySelector("[data-icon] svg"))).toBe(true);
    expect(nbsp(entries[0]!.textContent)).toBe("20.11.2026, 12:00Лид создан (сайт)");
    expect(nbsp(entries[2]!.textContent)).toBe("20.11.2026, 14:00 · olga@example.ruСтатус: квалифицирован → расчёт отправлен");
  });

  it("sends a document again and previews it in a dialog", async () => {
    const { calls } = stubApi([
      { path: "/api/v1/leads/l1", body: leadDetail("l1") },
      { method: "POST", path: "/api/v1/documents/d1/resend", status: 202, body: RESENT },
    ]);
    const user = userEvent.setup();
    renderWithClient(<LeadView id="l1" />);
    await user.click(await screen.findByTestId("lead-resend"));
    expect(await screen.findByText(/Отправлено клиенту/)).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "POST")).toEqual([{ method: "POST", url: "/api/v1/documents/d1/resend", body: undefined }]);
    // The timeline is read again to show the resend.
    await waitFor(() => expect(calls.filter((c) => c.url === "/api/v1/leads/l1")).toHaveLength(2));

    await user.click(screen.getByTestId("lead-preview"));
    const dialog = await screen.findByTestId("document-preview");
    expect(within(dialog).getByText("Коммерческое предложение № КП-2026-0042")).toBeInTheDocument();
    expect(dialog.querySelector("iframe")).toHaveAttribute("src", "/api/v1/files/d1?signature=abc");
  });

  it("says why a resend failed", async () => {
    stubApi([
      { path: "/api/v1/leads/l1", body: leadDetail("l1") },
      {
        method: "POST",
        path: "/api/v1/documents/d1/resend",
        status: 409,
        body: { error: { code: "document_without_conversation", message: "Документ создан вне диалога: отправить его клиенту некуда." } },
      },
    ]);
    const user = userEvent.setup();
    renderWithClient(<LeadView id="l1" />);
    await user.click(await screen.findByTestId("lead-resend"));
    expect(await screen.findByRole("alert")).toHaveTextContent("Не отправлено: Документ создан вне диалога: отправить его клиенту некуда.");
  });

  it("changes the status from the card", async () => {
    const { calls } = stubApi([
      { path: "/api/v1/leads/l1", body: leadDetail("l1") },
      { method: "PATCH", path: "/api/v1/leads/l1", body: { ...leadDetail("l1").lead, status: "won" } satisfies Lead },
    ]);
    const user = userEvent.setup();
    renderWithClient(<LeadView id="l1" />);
    await user.selectOptions(await screen.findByTestId("lead-status-select"), "won");
    await waitFor(() => expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({ status: "won" }));
  });

  it("shows an error with a retry when the lead is missing", async () => {
    stubApi([{ path: "/api/v1/leads/nope", status: 404, body: { error: { code: "lead_not_found", message: "Лид не найден." } } }]);
    renderWithClient(<LeadView id="nope" />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Лид не найден.");
  });
});
