import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { translate } from "@/lib/i18n";
import { loginAs, renderWithClient, stubApi } from "@/test/render";

import { IntegrationsTable } from "./IntegrationsTable";
import { RequisitesForm } from "./RequisitesForm";
import { SettingsPage } from "./SettingsPage";
import { texts, type SettingsT } from "./texts";
import type { Integration, Requisites, UserAccount } from "./types";

const t: SettingsT = (key, vars) => translate("ru", texts, key, vars);

const REQUISITES: Requisites = {
  name: "Общество с ограниченной ответственностью «Нейрокод»",
  short_name: "ООО «Нейрокод»",
  inn: "7700000000",
  kpp: "770001001",
  ogrn: "1197700000000",
  address: "123112, г. Москва, Пресненская наб., д. 10",
  bank: "АО «Банк Пример»",
  bik: "044525000",
  account: "40702810000000000001",
  corr_account: "30101810000000000000",
  director: "Иванов Сергей Петрович",
  director_short: "С. П. Иванов",
  director_title: "Генеральный директор",
  accountant_short: "А. В. Смирнова",
  phone: "+7 (495) 000-00-00",
  email: "sales@neurocode.example",
  website: "neurocode.example",
};

const SECRET = "sk-live-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const INTEGRATIONS: Integration[] = [
  {
    name: "openai",
    title: "OpenAI",
    kind: "llm",
    configured: true,
    checkable: true,
    healthy: false,
    last_error: "нет соединения: ConnectError: All connection attempts failed",
    last_error_at: "2026-11-21T21:30:00Z",
    last_checked_at: "2026-11-21T21:30:00Z",
    // The server never sends these; the table must not show them even if it did.
    details: { model: "gpt-4o-mini", host: "api.openai.com", primary: true, api_key: SECRET, extra: SECRET },
  },
  {
    name: "trello",
    title: "Trello",
    kind: "saas",
    configured: false,
    checkable: false,
    healthy: null,
    last_error: null,
    last_error_at: null,
    last_checked_at: null,
    details: { note: "Интеграция ещё не подключена: настроек для неё пока нет." },
  },
];

const USERS: UserAccount[] = [
  { id: "u1", email: "admin@example.com", full_name: "", role: "admin", is_active: true, created_at: "2026-11-01T09:00:00Z", last_login_at: null },
  { id: "u2", email: "anna@example.com", full_name: "Анна", role: "manager", is_active: true, created_at: "2026-11-02T09:00:00Z", last_login_at: null },
];

beforeEach(() => loginAs("admin"));
afterEach(() => vi.unstubAllGlobals());

describe("requisites", () => {
  it("shows the server's field errors at their fields", async () => {
    const { calls } = stubApi([
      { path: "/api/v1/admin/documents/requisites", body: REQUISITES },
      {
        method: "PUT",
        path: "/api/v1/admin/documents/requisites",
        status: 422,
        body: { error: { code: "invalid_requisites", message: "«inn» должен состоять из 10 или 12 цифр.", details: { field: "inn" } } },
      },
    ]);
    renderWithClient(<RequisitesForm t={t} />);
    const inn = await screen.findByTestId("req-inn");
    fireEvent.change(inn, { target: { value: "7700000001" } });
    fireEvent.click(screen.getByTestId("requisites-save"));
    expect(await screen.findByText("«inn» должен состоять из 10 или 12 цифр.")).toBeInTheDocument();
    expect(screen.getByTestId("req-inn")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("req-kpp")).not.toHaveAttribute("aria-invalid");
    const put = calls.find((call) => call.method === "PUT")!;
    expect(put.body).toMatchObject({ inn: "7700000001", kpp: "770001001" });
  });

  it("shows FastAPI's validation list at the fields too", async () => {
    stubApi([
      { path: "/api/v1/admin/documents/requisites", body: REQUISITES },
      {
        method: "PUT",
        path: "/api/v1/admin/documents/requisites",
        status: 422,
        body: { error: { code: "validation_error", message: "Запрос заполнен неверно.", details: [{ loc: ["body", "email"], message: "Некорректный адрес", type: "value_error" }] } },
      },
    ]);
    renderWithClient(<RequisitesForm t={t} />);
    fireEvent.click(await screen.findByTestId("requisites-save"));
    expect(await screen.findByText("Некорректный адрес")).toBeInTheDocument();
    expect(screen.getByTestId("req-email")).toHaveAttribute("aria-invalid", "true");
  });

  it("checks digits before sending", async () => {
    const { calls } = stubApi([{ path: "/api/v1/admin/documents/requisites", body: REQUISITES }]);
    renderWithClient(<RequisitesForm t={t} />);
    fireEvent.change(await screen.findByTestId("req-bik"), { target: { value: "12345" } });
    fireEvent.click(screen.getByTestId("requisites-save"));
    expect(await screen.findByText("Нужно 9 цифр.")).toBeInTheDocument();
    expect(calls.some((call) => call.method === "PUT")).toBe(false);
  });
});

describe("integrations", () => {
  it("shows state and last error, never a secret-looking value", async () => {
    const { calls } = stubApi([
      { path: "/api/v1/admin/integrations", body: INTEGRATIONS },
      { method: "POST", path: "/api/v1/admin/integrations/openai/check", body: { ...INTEGRATIONS[0], healthy: true, last_checked_at: "2026-11-22T08:00:00Z" } },
    ]);
    const { container } = renderWithClient(<IntegrationsTable t={t} />);
    const openai = await screen.findByTestId("integration-openai");
    expect(within(openai).getByTestId("integration-openai-error")).toHaveTextContent("нет соединения: ConnectError");
    expect(within(openai).getByTestId("integration-openai-health")).toHaveTextContent("Ошибка");
    expect(openai).toHaveTextContent("gpt-4o-mini");
    expect(container.innerHTML).not.toContain(SECRET);
    expect(container.innerHTML).not.toMatch(/sk-[\w-]{8,}/);

    const trello = screen.getByTestId("integration-trello");
    expect(trello).toHaveTextContent("Неизвестно");
    expect(trello).toHaveTextContent("не подключена");
    expect(screen.getByTestId("check-trello")).toBeDisabled();

    fireEvent.click(screen.getByTestId("check-openai"));
    await waitFor(() => expect(screen.getByTestId("integration-openai-health")).toHaveTextContent("Работает"));
    expect(calls.at(-1)).toMatchObject({ method: "POST", url: "/api/v1/admin/integrations/openai/check" });
  });
});

describe("users", () => {
  it("creates a manager with the right body", async () => {
    const { calls } = stubApi([
      { path: "/api/v1/admin/documents/requisites", body: REQUISITES },
      { path: "/api/v1/admin/users", body: USERS },
      { method: "POST", path: "/api/v1/admin/users", status: 201, body: { ...USERS[1], id: "u3", email: "oleg@example.com" } },
    ]);
    renderWithClient(<SettingsPage />);
    fireEvent.click(screen.getByTestId("tab-users"));
    await screen.findByTestId("user-anna@example.com");

    fireEvent.change(screen.getByTestId("new-user-email"), { target: { value: " oleg@example.com " } });
    fireEvent.change(screen.getByTestId("new-user-name"), { target: { value: "Олег" } });
    fireEvent.change(screen.getByTestId("new-user-password"), { target: { value: "short" } });
    fireEvent.click(screen.getByTestId("create-user"));
    expect(await screen.findByText("Пароль слишком короткий: нужно не менее 8 символов.")).toBeInTheDocument();
    expect(calls.some((call) => call.method === "POST")).toBe(false);

    fireEvent.change(screen.getByTestId("new-user-password"), { target: { value: "long-enough-1" } });
    fireEvent.click(screen.getByTestId("create-user"));
    expect(await screen.findByText("Пользователь oleg@example.com добавлен.")).toBeInTheDocument();
    expect(calls.find((call) => call.method === "POST")!.body).toEqual({
      email: "oleg@example.com",
      full_name: "Олег",
      role: "manager",
      password: "long-enough-1",
    });
  });

  it("puts a taken email at the email field", async () => {
    stubApi([
      { path: "/api/v1/admin/documents/requisites", body: REQUISITES },
      { path: "/api/v1/admin/users", body: USERS },
      { method: "POST", path: "/api/v1/admin/users", status: 409, body: { error: { code: "user_exists", message: "Пользователь anna@example.com уже существует." } } },
    ]);
    renderWithClient(<SettingsPage />);
    fireEvent.click(screen.getByTestId("tab-users"));
    await screen.findByTestId("user-anna@example.com");
    fireEvent.change(screen.getByTestId("new-user-email"), { target: { value: "anna@example.com" } });
    fireEvent.change(screen.getByTestId("new-user-password"), { target: { value: "long-enough-1" } });
    fireEvent.click(screen.getByTestId("create-user"));
    expect(await screen.findByText("Пользователь anna@example.com уже существует.")).toBeInTheDocument();
    expect(screen.getByTestId("new-user-email")).toHaveAttribute("aria-invalid", "true");
  });

  it("deactivates only after a confirmation, and not oneself", async () => {
    const { calls } = stubApi([
      { path: "/api/v1/admin/documents/requisites", body: REQUISITES },
      { path: "/api/v1/admin/users", body: USERS },
      { method: "PATCH", path: "/api/v1/admin/users/u2", body: { ...USERS[1], is_active: false } },
    ]);
    renderWithClient(<SettingsPage />);
    fireEvent.click(screen.getByTestId("tab-users"));
    await screen.findByTestId("user-anna@example.com");
    expect(screen.getByTestId("toggle-admin@example.com")).toBeDisabled();

    fireEvent.click(screen.getByTestId("toggle-anna@example.com"));
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(dialog).toHaveTextContent("anna@example.com больше не сможет войти");
    expect(calls.some((call) => call.method === "PATCH")).toBe(false);
    fireEvent.click(within(dialog).getByTestId("confirm-yes"));
    await waitFor(() => expect(calls.find((call) => call.method === "PATCH")?.body).toEqual({ is_active: false }));
  });
});
