import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { Schemas } from "@/lib/api-types";
import { loginAs, renderWithClient, stubApi } from "@/test/render";

import { booking, leadDetail, payment, trackerCard } from "./fixtures";
import type { Lead, LeadDetail } from "./types";
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

  it("shows the lead's cards on the task trackers: link, last sync and a failed sync to be retried", async () => {
    const detail: LeadDetail = {
      ...leadDetail("l1"),
      trackers: [
        trackerCard("trello", { url: "https://trello.com/c/AbC123", synced_at: "2026-11-21T09:30:00Z" }),
        trackerCard("github", { synced_at: "2026-11-21T09:00:00Z", error: "GitHub ответил 502 " }),
        trackerCard("shortcut"),
      ],
    };
    stubApi([{ path: "/api/v1/leads/l1", body: detail }]);
    renderWithClient(<LeadView id="l1" />);
    const trackers = await screen.findByTestId("lead-trackers");
    expect(within(trackers).getByRole("heading")).toHaveTextContent("Трекеры задач");

    const trello = within(trackers).getByTestId("lead-tracker-trello");
    expect(trello).toHaveTextContent("Trello");
    const link = within(trello).getByTestId("lead-tracker-link");
    expect(link).toHaveAttribute("href", "https://trello.com/c/AbC123");
    expect(link).toHaveAttribute("target", "_blank");
    expect(link).toHaveTextContent("Открыть карточку");
    expect(nbsp(within(trello).getByTestId("lead-tracker-synced").textContent)).toBe("21.11.2026, 12:30");
    expect(within(trello).queryByTestId("lead-tracker-error")).not.toBeInTheDocument();

    const github = within(trackers).getByTestId("lead-tracker-github");
    expect(github).toHaveTextContent("GitHub Projects");
    expect(within(github).queryByTestId("lead-tracker-link")).not.toBeInTheDocument();
    expect(github).toHaveTextContent("Карточкаещё не создана");
    expect(within(github).getByTestId("lead-tracker-error")).toHaveTextContent(
      "Не удалось обновить карточку в GitHub Projects: GitHub ответил 502. Повторим автоматически.",
    );

    const shortcut = within(trackers).getByTestId("lead-tracker-shortcut");
    expect(shortcut).toHaveTextContent("Shortcut");
    expect(shortcut).toHaveTextContent("Синхронизацияещё не было");
  });

  it("shows no tracker block while the lead has no cards there", async () => {
    stubApi([{ path: "/api/v1/leads/l1", body: { ...leadDetail("l1"), trackers: [] } }]);
    renderWithClient(<LeadView id="l1" />);
    await screen.findByTestId("lead-title");
    expect(screen.queryByTestId("lead-trackers")).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Трекеры задач" })).not.toBeInTheDocument();
  });

  it("shows an error with a retry when the lead is missing", async () => {
    stubApi([{ path: "/api/v1/leads/nope", status: 404, body: { error: { code: "lead_not_found", message: "Лид не найден." } } }]);
    renderWithClient(<LeadView id="nope" />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Лид не найден.");
  });
});

describe("LeadView: payments and consultations", () => {
  const INVOICE = "/api/v1/conversations/conv-l1/payments/invoice";

  it("shows each payment with its amount, package, provider, attempt, status and reason, and the consultations", async () => {
    const detail: LeadDetail = {
      ...leadDetail("l1"),
      payments: [
        payment("p1", { status: "canceled", cancellation_reason: "insufficient_funds" }),
        payment("p2", { attempt: 2, status: "canceled", cancellation_reason: "expired_on_confirmation", created_at: "2026-11-21T11:00:00Z" }),
        payment("p3", { attempt: 3, status: "canceled", cancellation_reason: "something_new", created_at: "2026-11-21T11:30:00Z" }),
        payment("p4", { attempt: 4, created_at: "2026-11-21T12:00:00Z" }),
      ],
      bookings: [
        booking("b1", { status: "cancelled", starts_at: "2026-11-24T07:00:00Z", ends_at: "2026-11-24T08:00:00Z" }),
        booking("b2", { confirmed_at: "2026-11-24T09:00:00Z" }),
      ],
    };
    stubApi([{ path: "/api/v1/leads/l1", body: detail }]);
    renderWithClient(<LeadView id="l1" />);

    const payments = await screen.findByTestId("lead-payments");
    expect(screen.getByRole("heading", { name: "Оплата" })).toBeInTheDocument();
    const rows = within(payments).getAllByTestId("lead-payment");
    expect(rows.map((row) => nbsp(row.textContent))).toEqual([
      "350 000 ₽пакет «Оптимум»отмененоЮKassa · попытка 1 · 21.11.2026, 13:00Причина: не хватило средств",
      "350 000 ₽пакет «Оптимум»отмененоЮKassa · попытка 2 · 21.11.2026, 14:00Причина: ссылка устарела",
      "350 000 ₽пакет «Оптимум»отмененоЮKassa · попытка 3 · 21.11.2026, 14:30Причина: something_new",
      "350 000 ₽пакет «Оптимум»ожидает оплатыЮKassa · попытка 4 · 21.11.2026, 15:00",
    ]);

    const bookings = screen.getByTestId("lead-bookings");
    expect(screen.getByRole("heading", { name: "Консультация" })).toBeInTheDocument();
    const [cancelled, active] = within(bookings).getAllByTestId("lead-booking");
    expect(nbsp(cancelled!.textContent)).toBe("24.11.2026, 10:00–11:00по Москвеотменена" + "Менеджер: olga@example.ru");
    expect(cancelled).toHaveAttribute("data-status", "cancelled");
    expect(cancelled!.className).toContain("text-slate-400");
    expect(nbsp(active!.textContent)).toBe("25.11.2026, 14:00–15:00по Москвеподтверждена" + "Менеджер: olga@example.ru");
    expect(active!.className).not.toContain("text-slate-400");
  });

  it("hides the blocks while there are no payments or consultations", async () => {
    stubApi([{ path: "/api/v1/leads/l1", body: { ...leadDetail("l1"), payments: [], bookings: [] } }]);
    renderWithClient(<LeadView id="l1" />);
    await screen.findByTestId("lead-title");
    expect(screen.queryByTestId("lead-payments")).not.toBeInTheDocument();
    expect(screen.queryByTestId("lead-bookings")).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Оплата" })).not.toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Консультация" })).not.toBeInTheDocument();
    // A quote and nothing paid yet: the invoice can be confirmed.
    expect(screen.getByTestId("lead-invoice-paid")).toHaveTextContent("Оплата по счёту получена");
  });

  it("offers the invoice button only for a quote nobody has paid", async () => {
    const paid: LeadDetail = {
      ...leadDetail("l1"),
      payments: [payment("p1", { provider: "invoice", status: "succeeded", paid_at: "2026-11-22T07:00:00Z" })],
    };
    stubApi([{ path: "/api/v1/leads/l1", body: paid }]);
    const { unmount } = renderWithClient(<LeadView id="l1" />);
    const row = await screen.findByTestId("lead-payment");
    expect(nbsp(row.textContent)).toBe("350 000 ₽пакет «Оптимум»оплаченоСчёт · попытка 1 · 21.11.2026, 13:00 · оплачено 22.11.2026, 10:00");
    expect(screen.queryByTestId("lead-invoice-paid")).not.toBeInTheDocument();
    unmount();

    stubApi([{ path: "/api/v1/leads/l1", body: { ...leadDetail("l1"), quotes: [] } }]);
    renderWithClient(<LeadView id="l1" />);
    await screen.findByTestId("lead-title");
    expect(screen.queryByTestId("lead-invoice-paid")).not.toBeInTheDocument();
  });

  it("confirms an invoice paid only after the question, then reads the lead again", async () => {
    const { calls } = stubApi([
      { path: "/api/v1/leads/l1", body: leadDetail("l1") },
      { method: "POST", path: INVOICE, status: 201, body: payment("p9", { provider: "invoice", status: "succeeded", paid_at: "2026-11-22T07:00:00Z" }) },
    ]);
    const user = userEvent.setup();
    renderWithClient(<LeadView id="l1" />);
    await user.click(await screen.findByTestId("lead-invoice-paid"));
    let dialog = await screen.findByTestId("confirm-dialog");
    expect(within(dialog).getByText("Отметить счёт оплаченным?")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Отмена" }));
    await waitFor(() => expect(screen.queryByTestId("confirm-dialog")).not.toBeInTheDocument());
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);

    await user.click(screen.getByTestId("lead-invoice-paid"));
    dialog = await screen.findByTestId("confirm-dialog");
    await user.click(within(dialog).getByTestId("confirm-yes"));
    await waitFor(() => expect(calls.filter((c) => c.method === "POST")).toEqual([{ method: "POST", url: INVOICE, body: undefined }]));
    await waitFor(() => expect(calls.filter((c) => c.url === "/api/v1/leads/l1")).toHaveLength(2));
    await waitFor(() => expect(screen.queryByTestId("confirm-dialog")).not.toBeInTheDocument());
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("shows a spinner while the confirmation is on its way", async () => {
    const { fetchMock } = stubApi([{ path: "/api/v1/leads/l1", body: leadDetail("l1") }]);
    const user = userEvent.setup();
    renderWithClient(<LeadView id="l1" />);
    await user.click(await screen.findByTestId("lead-invoice-paid"));
    const dialog = await screen.findByTestId("confirm-dialog");
    fetchMock.mockImplementationOnce(() => new Promise<Response>(() => {})); // the server has not answered yet
    await user.click(within(dialog).getByTestId("confirm-yes"));
    await waitFor(() => expect(within(dialog).getByTestId("confirm-yes")).toHaveAttribute("aria-busy", "true"));
    expect(within(within(dialog).getByTestId("confirm-yes")).getByRole("status")).toHaveTextContent("Загрузка…");
    expect(fetchMock).toHaveBeenLastCalledWith(INVOICE, expect.objectContaining({ method: "POST" }));
  });

  it("shows the server's message when there is nothing to pay", async () => {
    stubApi([
      { path: "/api/v1/leads/l1", body: leadDetail("l1") },
      { method: "POST", path: INVOICE, status: 409, body: { error: { code: "no_quote", message: "В диалоге нет расчёта: оплачивать нечего." } } },
    ]);
    const user = userEvent.setup();
    renderWithClient(<LeadView id="l1" />);
    await user.click(await screen.findByTestId("lead-invoice-paid"));
    await user.click(within(await screen.findByTestId("confirm-dialog")).getByTestId("confirm-yes"));
    expect(await screen.findByTestId("lead-invoice-error")).toHaveTextContent("Оплата не отмечена: В диалоге нет расчёта: оплачивать нечего.");
    expect(screen.getByRole("alert")).toBe(screen.getByTestId("lead-invoice-error"));
  });
});
