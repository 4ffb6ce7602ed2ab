import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { translate } from "@/lib/i18n";
import { loginAs, renderWithClient, stubApi, type FakeRoute } from "@/test/render";

import { AmoCrmPanel } from "./AmoCrmPanel";
import { SettingsPage } from "./SettingsPage";
import { texts, type SettingsT } from "./texts";
import type { AmoConnection, AmoPipeline } from "./types";

let search = "";
vi.mock("next/navigation", () => ({ useSearchParams: () => new URLSearchParams(search) }));

const t: SettingsT = (key, vars) => translate("ru", texts, key, vars);
const nbsp = (text: string | null) => (text ?? "").replace(/[\u00a0\u202f]/g, " ");

const AMO = "/api/v1/admin/integrations/amocrm";
const REDIRECT = "https://bot.example.ru/api/v1/integrations/amocrm/callback";

function connection(overrides: Partial<AmoConnection> = {}): AmoConnection {
  return {
    configured: true,
    auth: "oauth",
    connected: true,
    domain: "neurocode.amocrm.ru",
    account_id: 31337,
    connected_at: "2026-11-20T09:00:00Z",
    refreshed_at: "2026-11-21T09:00:00Z",
    access_expires_at: "2026-11-22T09:00:00Z",
    redirect_uri: REDIRECT,
    webhook_url: "https://bot.example.ru/api/v1/webhooks/amocrm/hook-secret",
    mapping: { pipeline_id: null, statuses: { new: 2030, quote_sent: 2032 }, fields: { industry: "700101" } },
    ...overrides,
  };
}

const NOT_CONNECTED = connection({ connected: false, account_id: null, connected_at: null, refreshed_at: null, access_expires_at: null, webhook_url: null });
const NOT_CONFIGURED = connection({ configured: false, auth: "none", connected: false, domain: null, account_id: null, connected_at: null, refreshed_at: null, access_expires_at: null, webhook_url: null, mapping: { pipeline_id: null, statuses: {}, fields: {} } });

const PIPELINES: AmoPipeline[] = [
  {
    id: 1001,
    name: "Продажи",
    is_main: true,
    stages: [
      { id: 2030, name: "Первичный контакт" },
      { id: 2031, name: "Переговоры" },
      { id: 2032, name: "КП отправлено" },
      { id: 142, name: "Успешно реализовано" },
      { id: 143, name: "Закрыто и не реализовано" },
    ],
  },
  { id: 1002, name: "Партнёры", is_main: false, stages: [{ id: 3030, name: "Заявка партнёра" }] },
];

const PIPELINES_ROUTE: FakeRoute = { path: `${AMO}/pipelines`, body: PIPELINES };

beforeEach(() => {
  search = "";
  loginAs("admin");
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("the amoCRM connection", () => {
  it("shows a connected account, its addresses and the mapping from amoCRM's pipelines", async () => {
    stubApi([{ path: AMO, body: connection() }, PIPELINES_ROUTE]);
    renderWithClient(<AmoCrmPanel t={t} />);
    expect(await screen.findByTestId("amo-status")).toHaveTextContent("Подключён");
    const facts = nbsp(screen.getByTestId("amo-facts").textContent);
    expect(facts).toContain("neurocode.amocrm.ru");
    expect(facts).toContain("31337");
    expect(facts).toContain("OAuth-интеграция");
    expect(facts).toContain("Токен действует до22.11.2026, 12:00");
    expect(screen.getByTestId("amo-redirect-uri")).toHaveValue(REDIRECT);
    expect(screen.getByTestId("amo-webhook-url")).toHaveValue("https://bot.example.ru/api/v1/webhooks/amocrm/hook-secret");
    expect(screen.getByTestId("amo-connect")).toHaveTextContent("Переподключить");
    expect(screen.getByTestId("amo-disconnect")).toBeInTheDocument();

    const pipeline = await screen.findByTestId("amo-pipeline");
    expect(pipeline).toHaveValue("");
    expect(within(pipeline).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Основная воронка аккаунта (Продажи)",
      "Продажи (основная)",
      "Партнёры",
    ]);
    const stage = screen.getByTestId("amo-stage-new");
    expect(stage).toHaveValue("2030");
    // Won and lost are fixed: their stages are not offered for our other statuses.
    expect(within(stage).getAllByRole("option").map((o) => o.textContent)).toEqual(["Не менять этап", "Первичный контакт", "Переговоры", "КП отправлено"]);
    expect(screen.getByTestId("amo-stage-qualified")).toHaveValue("");
    expect(screen.getByTestId("amo-won-lost")).toHaveTextContent("(142)");
    expect(screen.getByTestId("amo-field-industry")).toHaveValue("700101");
    expect(screen.getByLabelText("Ссылка на лид в Salesbot")).toHaveValue("");
  });

  it("explains the settings to set when amoCRM is not configured", async () => {
    const { calls } = stubApi([{ path: AMO, body: NOT_CONFIGURED }]);
    renderWithClient(<AmoCrmPanel t={t} />);
    const setup = await screen.findByTestId("amo-setup");
    for (const name of ["AMOCRM_DOMAIN", "AMOCRM_CLIENT_ID", "AMOCRM_CLIENT_SECRET"]) expect(setup).toHaveTextContent(name);
    expect(screen.getByTestId("amo-status")).toHaveTextContent("Не настроен");
    expect(screen.getByTestId("amo-redirect-uri")).toHaveValue(REDIRECT);
    expect(screen.queryByTestId("amo-connect")).not.toBeInTheDocument();
    expect(screen.queryByTestId("amo-mapping")).not.toBeInTheDocument();
    expect(calls.some((call) => call.url.endsWith("/pipelines"))).toBe(false);
  });

  it("says the long-lived token is used and offers no connect or disconnect", async () => {
    stubApi([{ path: AMO, body: connection({ auth: "long_lived", account_id: null, connected_at: null, refreshed_at: null, access_expires_at: null }) }, PIPELINES_ROUTE]);
    renderWithClient(<AmoCrmPanel t={t} />);
    expect(await screen.findByTestId("amo-long-lived")).toHaveTextContent("долгосрочному токену");
    expect(screen.getByTestId("amo-facts")).toHaveTextContent("Долгосрочный токен");
    expect(screen.queryByTestId("amo-connect")).not.toBeInTheDocument();
    expect(screen.queryByTestId("amo-disconnect")).not.toBeInTheDocument();
    expect(await screen.findByTestId("amo-pipeline")).toBeInTheDocument();
  });

  it("connects: asks for the consent link and opens it in a new tab", async () => {
    const consent = "https://www.amocrm.ru/oauth?client_id=abc&state=xyz&mode=post_message";
    const { calls } = stubApi([
      { path: AMO, body: NOT_CONNECTED },
      { method: "POST", path: `${AMO}/connect`, body: { consent_url: consent, redirect_uri: REDIRECT } },
    ]);
    const open = vi.spyOn(window, "open").mockReturnValue(null);
    renderWithClient(<AmoCrmPanel t={t} />);
    expect(await screen.findByTestId("amo-status")).toHaveTextContent("Не подключён");
    expect(screen.queryByTestId("amo-disconnect")).not.toBeInTheDocument();
    // Not connected: no pipelines to ask for, ids are typed by hand.
    expect(screen.getByTestId("amo-pipeline").tagName).toBe("INPUT");
    expect(calls.some((call) => call.url.endsWith("/pipelines"))).toBe(false);

    fireEvent.click(screen.getByTestId("amo-connect"));
    await waitFor(() => expect(open).toHaveBeenCalledWith(consent, "_blank", "noopener"));
    expect(calls.find((call) => call.method === "POST")).toEqual({ method: "POST", url: `${AMO}/connect`, body: undefined });
    const hint = screen.getByTestId("amo-consent");
    expect(hint).toHaveTextContent("разрешите там доступ");
    expect(within(hint).getByRole("link")).toHaveAttribute("href", consent);
  });

  it("shows why connecting is refused", async () => {
    const message = "Задайте AMOCRM_CLIENT_ID и AMOCRM_CLIENT_SECRET из настроек интеграции в amoCRM, затем подключите аккаунт.";
    stubApi([
      { path: AMO, body: NOT_CONNECTED },
      { method: "POST", path: `${AMO}/connect`, status: 422, body: { error: { code: "amocrm_not_configured", message } } },
    ]);
    const open = vi.spyOn(window, "open").mockReturnValue(null);
    renderWithClient(<AmoCrmPanel t={t} />);
    fireEvent.click(await screen.findByTestId("amo-connect"));
    expect(await screen.findByTestId("amo-connect-error")).toHaveTextContent(message);
    expect(open).not.toHaveBeenCalled();
  });

  it("disconnects only after a confirmation, then reads the connection again", async () => {
    const { calls } = stubApi([{ path: AMO, body: connection() }, PIPELINES_ROUTE, { method: "DELETE", path: AMO, status: 204 }]);
    renderWithClient(<AmoCrmPanel t={t} />);
    fireEvent.click(await screen.findByTestId("amo-disconnect"));
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(dialog).toHaveTextContent("Salesbot удалит токены доступа к аккаунту neurocode.amocrm.ru.");
    expect(calls.some((call) => call.method === "DELETE")).toBe(false);
    fireEvent.click(within(dialog).getByTestId("confirm-yes"));
    await waitFor(() => expect(calls.filter((call) => call.method === "DELETE").map((call) => call.url)).toEqual([AMO]));
    await waitFor(() => expect(calls.filter((call) => call.method === "GET" && call.url === AMO)).toHaveLength(2));
  });

  it("tells amoCRM is out of reach and lets the ids be typed", async () => {
    stubApi([
      { path: AMO, body: connection() },
      { path: `${AMO}/pipelines`, status: 503, body: { error: { code: "amocrm_unavailable", message: "amoCRM не отвечает: попробуйте позже." } } },
    ]);
    renderWithClient(<AmoCrmPanel t={t} />);
    const problem = await screen.findByTestId("amo-pipelines-error");
    expect(problem).toHaveTextContent("amoCRM не отвечает: попробуйте позже.");
    expect(problem).toHaveTextContent("Пока можно ввести ID вручную.");
    expect(screen.getByTestId("amo-stage-new")).toHaveValue("2030");
    expect(screen.getByTestId("amo-stage-new").tagName).toBe("INPUT");
  });
});

describe("the amoCRM mapping", () => {
  it("sends the chosen pipeline, stages and fields, and shows a 422's message", async () => {
    const message = "Сопоставление с amoCRM не сохранено: в нём есть неизвестные поля или статусы.";
    const { calls } = stubApi([
      { path: AMO, body: connection() },
      PIPELINES_ROUTE,
      {
        method: "PUT",
        path: `${AMO}/mapping`,
        status: 422,
        body: {
          error: {
            code: "crm_mapping_invalid",
            message,
            details: { unknown_statuses: [], known_statuses: ["new", "qualified", "brief_completed", "quote_sent"], unknown_fields: [], known_fields: ["industry"], bad_field_ids: ["users"] },
          },
        },
      },
    ]);
    renderWithClient(<AmoCrmPanel t={t} />);
    const pipeline = await screen.findByTestId("amo-pipeline");
    fireEvent.change(pipeline, { target: { value: "1002" } });
    // Another pipeline: the old stages do not belong to it.
    expect(screen.getByTestId("amo-stage-new")).toHaveValue("");
    fireEvent.change(screen.getByTestId("amo-stage-qualified"), { target: { value: "3030" } });
    fireEvent.change(screen.getByTestId("amo-field-users"), { target: { value: "USERS" } });
    fireEvent.change(screen.getByTestId("amo-field-dashboard_link"), { target: { value: " 700200 " } });
    fireEvent.click(screen.getByTestId("amo-mapping-save"));

    expect(await screen.findByTestId("amo-mapping-error")).toHaveTextContent(message);
    expect(calls.find((call) => call.method === "PUT")).toEqual({
      method: "PUT",
      url: `${AMO}/mapping`,
      body: { pipeline_id: 1002, statuses: { qualified: 3030 }, fields: { industry: "700101", users: "USERS", dashboard_link: "700200" } },
    });
    expect(screen.getByTestId("amo-field-users")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("amo-field-industry")).not.toHaveAttribute("aria-invalid");
  });

  it("saves and says so; a malformed field is caught before sending", async () => {
    const saved = { pipeline_id: null, statuses: { new: 2030, quote_sent: 2031 }, fields: { industry: "700101" } };
    const { calls } = stubApi([{ path: AMO, body: connection() }, PIPELINES_ROUTE, { method: "PUT", path: `${AMO}/mapping`, body: saved }]);
    renderWithClient(<AmoCrmPanel t={t} />);
    await screen.findByTestId("amo-pipeline");
    fireEvent.change(screen.getByTestId("amo-field-goals"), { target: { value: "700-1" } });
    fireEvent.click(screen.getByTestId("amo-mapping-save"));
    expect(await screen.findByText("Укажите числовой ID поля или его код: только буквы, цифры и подчёркивание.")).toBeInTheDocument();
    expect(calls.some((call) => call.method === "PUT")).toBe(false);

    fireEvent.change(screen.getByTestId("amo-field-goals"), { target: { value: "" } });
    fireEvent.change(screen.getByTestId("amo-stage-quote_sent"), { target: { value: "2031" } });
    fireEvent.click(screen.getByTestId("amo-mapping-save"));
    expect(await screen.findByText("Сохранено")).toBeInTheDocument();
    expect(calls.find((call) => call.method === "PUT")?.body).toEqual(saved);
  });

  it("resets to the settings' mapping after a confirmation", async () => {
    const settings = { pipeline_id: 1001, statuses: { new: 2031 }, fields: {} };
    const { calls } = stubApi([{ path: AMO, body: connection() }, PIPELINES_ROUTE, { method: "DELETE", path: `${AMO}/mapping`, body: settings }]);
    renderWithClient(<AmoCrmPanel t={t} />);
    await screen.findByTestId("amo-pipeline");
    fireEvent.click(screen.getByTestId("amo-mapping-reset"));
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(dialog).toHaveTextContent("AMOCRM_STATUS_MAP");
    expect(calls.some((call) => call.method === "DELETE")).toBe(false);
    fireEvent.click(within(dialog).getByTestId("confirm-yes"));
    expect(await screen.findByText("Восстановлено сопоставление из настроек сервера.")).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "DELETE").map((call) => call.url)).toEqual([`${AMO}/mapping`]);
    expect(screen.getByTestId("amo-pipeline")).toHaveValue("1001");
    expect(screen.getByTestId("amo-stage-new")).toHaveValue("2031");
    expect(screen.getByTestId("amo-field-industry")).toHaveValue("");
  });
});

describe("back from amoCRM's consent", () => {
  it("opens the integrations tab with a success notice and drops the query from the address", async () => {
    search = "amocrm=connected";
    window.history.replaceState(null, "", "/app/settings/?amocrm=connected");
    const { calls } = stubApi([
      { path: "/api/v1/admin/integrations", body: [] },
      { path: AMO, body: connection() },
      PIPELINES_ROUTE,
    ]);
    renderWithClient(<SettingsPage />);
    expect(await screen.findByTestId("amo-welcome")).toHaveTextContent("amoCRM подключён.");
    expect(screen.getByTestId("tab-integrations")).toHaveAttribute("aria-selected", "true");
    expect(window.location.search).toBe("");
    expect(calls.some((call) => call.url === AMO)).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Закрыть" }));
    expect(screen.queryByTestId("amo-welcome")).not.toBeInTheDocument();
  });

  it("opens the first tab without a notice otherwise", async () => {
    stubApi([{ path: "/api/v1/admin/documents/requisites", body: {} }]);
    renderWithClient(<SettingsPage />);
    expect(screen.getByTestId("tab-requisites")).toHaveAttribute("aria-selected", "true");
    expect(screen.queryByTestId("amo-panel")).not.toBeInTheDocument();
  });
});
