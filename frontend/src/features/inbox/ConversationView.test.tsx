import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { loginAs, renderWithClient, stubApi, type FakeRoute } from "@/test/render";

import { ConversationView } from "./ConversationView";
import { detail } from "./fixtures";
import type { SentMessage } from "./types";

const nbsp = (text: string | null) => (text ?? "").replace(/[\u00a0\u202f]/g, " ");
const ID = "c1";

function routes(extra: FakeRoute[] = [], overrides: Parameters<typeof detail>[1] = {}): FakeRoute[] {
  return [
    ...extra,
    { path: `/api/v1/conversations/${ID}`, body: detail(ID, overrides) },
    { method: "POST", path: `/api/v1/conversations/${ID}/read`, status: 204 },
  ];
}

const show = () => renderWithClient(<ConversationView id={ID} typing={false} onBack={() => {}} />);

class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

beforeEach(() => {
  loginAs("manager");
  // Headless UI's menu watches its anchor; jsdom has no ResizeObserver.
  vi.stubGlobal("ResizeObserver", NoResizeObserver);
});
afterEach(() => vi.unstubAllGlobals());

describe("ConversationView", () => {
  it("names the Avito listing the customer writes about, with its price and link", async () => {
    const listing = { id: 1768287444, title: "Внедрение ИИ-ассистента", price: "150 000 ₽", url: "https://www.avito.ru/i/1768287444" };
    stubApi(routes([], { channel: "avito", listing }));
    show();
    const side = await screen.findByTestId("side-listing");
    expect(within(side).getByRole("link", { name: "Внедрение ИИ-ассистента" })).toHaveAttribute("href", listing.url);
    expect(within(side).getByText("150 000 ₽")).toBeInTheDocument();
  });

  it("shows no listing section for a chat about none", async () => {
    stubApi(routes());
    show();
    await screen.findAllByTestId("message");
    expect(screen.queryByTestId("side-listing")).toBeNull();
  });

  it("shows who wrote each message, the bot's sources, the brief and the quote, and marks it read", async () => {
    const { calls } = stubApi(routes());
    show();
    const messages = await screen.findAllByTestId("message");
    expect(messages.map((m) => m.getAttribute("data-author"))).toEqual(["customer", "bot"]);
    expect(within(messages[0]!).getByText("Клиент")).toBeInTheDocument();
    expect(within(messages[1]!).getByText("Бот")).toBeInTheDocument();
    expect(within(messages[1]!).getByText("Источники (1)")).toBeInTheDocument();
    expect(within(messages[1]!).getByText("Пакет Старт стоит 150 000 ₽.")).toBeInTheDocument();
    expect(within(messages[1]!).getByText("faq/pricing.md")).toBeInTheDocument();

    const brief = screen.getByTestId("side-brief");
    expect(within(brief).getByText("Пользователей").nextSibling).toHaveTextContent("30");
    expect(within(brief).getByText("Размещение").nextSibling).toHaveTextContent("облако");
    expect(within(brief).getByText("SLA").nextSibling).toHaveTextContent("99,5 %");
    expect(within(brief).getByText("Системы").nextSibling).toHaveTextContent("1С, amoCRM");

    const quote = screen.getByTestId("side-quote");
    const items = within(quote).getAllByRole("listitem").map((li) => nbsp(li.textContent));
    expect(items).toEqual(["Старт150 000 ₽", "Оптимумрекомендуем350 000 ₽", "Enterprise900 000 ₽"]);
    // next/link applies basePath and the trailing slash only in the built app.
    expect(screen.getByTestId("open-lead").getAttribute("href")).toMatch(/\/leads\/view\/?\?id=lead-1$/);

    await waitFor(() => expect(calls.find((c) => c.url.endsWith("/read"))).toEqual({ method: "POST", url: `/api/v1/conversations/${ID}/read`, body: { seq: 11 } }));
  });

  it("sends a reply on Enter, keeps Shift+Enter for a new line, and says the bot will go quiet", async () => {
    const sent: SentMessage = { id: "m3", seq: 12, author: "manager", text: "Добрый день!\nСейчас посчитаю.", created_at: "2026-11-22T08:02:00Z" };
    const { calls } = stubApi(routes([{ method: "POST", path: `/api/v1/conversations/${ID}/messages`, status: 201, body: sent }]));
    const user = userEvent.setup();
    show();
    const input = await screen.findByTestId("reply-input");
    expect(screen.getByTestId("reply-takes-over")).toHaveTextContent("Ваш ответ заберёт диалог у бота");

    await user.type(input, "Добрый день!{Shift>}{Enter}{/Shift}Сейчас посчитаю.");
    expect(calls.some((c) => c.url.endsWith("/messages"))).toBe(false);
    await user.keyboard("{Enter}");

    await waitFor(() => expect(screen.getAllByTestId("message")).toHaveLength(3));
    expect(calls.find((c) => c.url.endsWith("/messages"))).toEqual({
      method: "POST",
      url: `/api/v1/conversations/${ID}/messages`,
      body: { text: "Добрый день!\nСейчас посчитаю." },
    });
    expect(screen.getAllByTestId("message")[2]).toHaveAttribute("data-author", "manager");
    expect(input).toHaveValue("");
    // The API took the conversation over: the owner shows and the hint is gone.
    expect(screen.getByTestId("owner-line")).toHaveTextContent("Диалог ведёт Manager");
    expect(screen.queryByTestId("reply-takes-over")).toBeNull();
    expect(screen.getByTestId("release")).toBeInTheDocument();
  });

  it("shows the reply at once, faded, until the server stores it", async () => {
    let answer: (response: Response) => void = () => {};
    const { fetchMock } = stubApi(routes());
    const others = fetchMock.getMockImplementation() as (url: string, init?: RequestInit) => Promise<Response>;
    fetchMock.mockImplementation((url: string, init?: RequestInit) =>
      url.endsWith("/messages") ? new Promise<Response>((resolve) => (answer = resolve)) : others(url, init),
    );
    const user = userEvent.setup();
    show();
    await user.type(await screen.findByTestId("reply-input"), "Минуту{Enter}");
    const pending = screen.getAllByTestId("message")[2]!;
    expect(pending).toHaveAttribute("data-pending", "true");
    expect(pending).toHaveTextContent("Минуту");
    expect(screen.getByTestId("reply-send")).toHaveAttribute("aria-busy", "true");

    const stored: SentMessage = { id: "m3", seq: 12, author: "manager", text: "Минуту", created_at: "2026-11-22T08:02:00Z" };
    answer(new Response(JSON.stringify(stored), { status: 201, headers: { "Content-Type": "application/json" } }));
    await waitFor(() => expect(screen.getAllByTestId("message")[2]).not.toHaveAttribute("data-pending"));
    expect(screen.getAllByTestId("message")).toHaveLength(3);
  });

  it("keeps the text and shows the server's message when a reply fails", async () => {
    stubApi(
      routes([
        {
          method: "POST",
          path: `/api/v1/conversations/${ID}/messages`,
          status: 409,
          body: { error: { code: "conversation_closed", message: "Диалог уже закрыт: клиент начнёт новый, когда напишет снова." } },
        },
      ]),
    );
    const user = userEvent.setup();
    show();
    const input = await screen.findByTestId("reply-input");
    await user.type(input, "Вы тут?");
    await user.click(screen.getByTestId("reply-send"));
    expect(await screen.findByRole("alert")).toHaveTextContent("Диалог уже закрыт: клиент начнёт новый, когда напишет снова.");
    expect(screen.getByText("Сообщение не отправлено")).toBeInTheDocument();
    expect(input).toHaveValue("Вы тут?");
    expect(screen.getAllByTestId("message")).toHaveLength(2);
  });

  it("takes the conversation over and hands it back through the right endpoints", async () => {
    const { calls } = stubApi(
      routes([
        { method: "POST", path: `/api/v1/conversations/${ID}/takeover`, body: detail(ID, { owner: "human", stage: "handed_off", handoff: { reason: "manager_takeover" } }) },
        { method: "POST", path: `/api/v1/conversations/${ID}/release`, body: detail(ID, { owner: "bot" }) },
      ]),
    );
    const user = userEvent.setup();
    show();
    await user.click(await screen.findByTestId("takeover"));
    await screen.findByTestId("release");
    expect(calls.filter((c) => c.method === "POST" && !c.url.endsWith("/read")).map((c) => c.url)).toEqual([`/api/v1/conversations/${ID}/takeover`]);
    expect(screen.getByTestId("owner-line")).toHaveTextContent("Диалог ведёт Manager");
    expect(screen.getByText("У менеджера")).toBeInTheDocument();

    await user.click(screen.getByTestId("release"));
    await screen.findByTestId("takeover");
    expect(calls.filter((c) => c.method === "POST" && !c.url.endsWith("/read")).map((c) => c.url)).toEqual([
      `/api/v1/conversations/${ID}/takeover`,
      `/api/v1/conversations/${ID}/release`,
    ]);
    expect(screen.getByText(/Отвечает бот/)).toBeInTheDocument();
  });

  it("names the visitor and the channel as the server names the channel", async () => {
    stubApi(routes([], { channel: "avito", contact: null }));
    show();
    await screen.findByTestId("conversation-title");
    await waitFor(() => expect(screen.getByTestId("conversation-title")).toHaveTextContent("Посетитель · Авито #c1"));
    expect(screen.getByText("Авито")).toBeInTheDocument();
  });

  it("marks a message the channel never took and sends it again on request", async () => {
    const dead = {
      id: "m-dead",
      author: "manager",
      text: "Счёт во вложении",
      created_at: "2026-12-01T10:00:00Z",
      delivery: { status: "dead", attempts: 4, error: "канал недоступен" },
    };
    const { calls } = stubApi(
      routes([{ method: "POST", path: `/api/v1/conversations/${ID}/messages/m-dead/retry`, status: 202, body: { ...dead, seq: 9, delivery_status: "pending" } }], {
        messages: [dead],
      }),
    );
    const user = userEvent.setup();
    show();
    const mark = await screen.findByTestId("undelivered");
    expect(mark).toHaveTextContent("Не доставлено");
    await user.click(within(mark).getByRole("button", { name: "Отправить ещё раз" }));
    await waitFor(() => expect(calls.some((c) => c.method === "POST" && c.url.endsWith("/messages/m-dead/retry"))).toBe(true));
  });

  it("sends a document of the chosen kind and shows the server's reason when there is no quote", async () => {
    const { calls } = stubApi(
      routes([
        {
          method: "POST",
          path: `/api/v1/conversations/${ID}/documents`,
          status: 409,
          body: { error: { code: "no_quote", message: "Сначала нужен расчёт стоимости: документ составляется по расчёту, а в этом диалоге его пока нет." } },
        },
      ]),
    );
    const user = userEvent.setup();
    show();
    await user.click(await screen.findByTestId("send-document"));
    await user.click(await screen.findByTestId("send-document-invoice"));
    expect(await screen.findByTestId("action-error")).toHaveTextContent("Сначала нужен расчёт стоимости");
    expect(calls.find((c) => c.url.endsWith("/documents"))?.body).toEqual({ kind: "invoice" });
  });
});
