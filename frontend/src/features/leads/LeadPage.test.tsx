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

  it("shows the deal in amoCRM: link, stage, last sync and a failed sync to be retried", async () => {
    const detail = {
      ...leadDetail("l1"),
      crm: {
        service: "amocrm",
        url: "https://neurocode.amocrm.ru/leads/detail/4242",
        stage: "Переговоры",
        moved_at: "2026-11-21T08:00:00Z",
        synced_at: "2026-11-21T09:30:00Z",
        error: "amoCRM ответил 502",
      },
    };
    detail.timeline = [
      ...detail.timeline,
      { at: "2026-11-21T08:00:05Z", kind: "lead_status", actor: "amoCRM", summary: "Статус: расчёт отправлен → квалифицирован", data: {} },
    ];
    stubApi([{ path: "/api/v1/leads/l1", body: detail }]);
    renderWithClient(<LeadView id="l1" />);
    const crm = await screen.findByTestId("lead-crm");
    expect(within(crm).getByRole("heading")).toHaveTextContent("amoCRM");
    const link = within(crm).getByTestId("lead-crm-link");
    expect(link).toHaveAttribute("href", "https://neurocode.amocrm.ru/leads/detail/4242");
    expect(link).toHaveAttribute("target", "_blank");
    expect(link).toHaveTextContent("Открыть в amoCRM");
    expect(nbsp(within(crm).getByTestId("lead-crm-stage").textContent)).toBe("Переговорыс 21.11.2026, 11:00");
    expect(nbsp(within(crm).getByTestId("lead-crm-synced").textContent)).toBe("21.11.2026, 12:30");
    expect(within(crm).getByTestId("lead-crm-error")).toHaveTextContent("Не удалось обновить сделку в amoCRM: amoCRM ответил 502. Повторим автоматически.");

    const entries = within(screen.getByTestId("lead-timeline")).getAllByRole("listitem");
    expect(nbsp(entries.at(-1)!.textContent)).toBe("21.11.2026, 11:00 · amoCRMСтатус: расчёт отправлен → квалифицирован");
  });

  it("shows no CRM block while the lead is not in a CRM", async () => {
    stubApi([{ path: "/api/v1/leads/l1", body: { ...leadDetail("l1"), crm: null } }]);
    renderWithClient(<LeadView id="l1" />);
    await screen.findByTestId("lead-title");
    expect(screen.queryByTestId("lead-crm")).not.toBeInTheDocument();
    expect(screen.queryByText("amoCRM")).not.toBeInTheDocument();
  });

  it("shows a deal not created yet without a link or an error", async () => {
    stubApi([{ path: "/api/v1/leads/l1", body: { ...leadDetail("l1"), crm: { service: "amocrm", url: null, stage: null, moved_at: null, synced_at: null, error: null } } }]);
    renderWithClient(<LeadView id="l1" />);
    const crm = await screen.findByTestId("lead-crm");
    expect(crm).toHaveTextContent("Сделкаещё не создана");
    expect(crm).toHaveTextContent("Синхронизацияещё не было");
    expect(within(crm).queryByTestId("lead-crm-stage")).not.toBeInTheDocument();
    expect(within(crm).queryByTestId("lead-crm-error")).not.toBeInTheDocument();
  });

  it("shows an error with a retry when the lead is missing", async () => {
    stubApi([{ path: "/api/v1/leads/nope", status: 404, body: { error: { code: "lead_not_found", message: "Лид не найден." } } }]);
    renderWithClient(<LeadView id="nope" />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Лид не найден.");
  });
});
