import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { translate } from "@/lib/i18n";
import { loginAs, renderWithClient, stubApi, type FakeRoute } from "@/test/render";

import { SettingsPage } from "./SettingsPage";
import { texts, type SettingsT } from "./texts";
import { TrackersPanel } from "./TrackersPanel";
import { TRACKER_STATUSES, type AmoConnection, type Tracker, type TrackerStage } from "./types";

vi.mock("next/navigation", () => ({ useSearchParams: () => new URLSearchParams() }));

const t: SettingsT = (key, vars) => translate("ru", texts, key, vars);

const TRACKERS = "/api/v1/admin/integrations/trackers";
const TRELLO = `${TRACKERS}/trello`;

function tracker(name: string, title: string, overrides: Partial<Tracker> = {}): Tracker {
  return { name, title, configured: true, problems: [], mapping: {}, unmapped: ["new", "qualified", "brief_completed", "quote_sent", "won", "lost"], ...overrides };
}

const TRELLO_READY = tracker("trello", "Trello", {
  mapping: { new: "L1", quote_sent: "L3" },
  unmapped: ["qualified", "brief_completed", "won", "lost"],
});

const LIST: Tracker[] = [
  TRELLO_READY,
  tracker("clickup", "ClickUp", { problems: ["статусу «Новый» не сопоставлен статус списка", "статуса closed (статус won) нет в списке"] }),
  tracker("shortcut", "Shortcut", { configured: false, problems: ["SHORTCUT_TOKEN не задан: историй в Shortcut нет."] }),
  tracker("github", "GitHub Projects", { configured: false, problems: ["GITHUB_TOKEN и GITHUB_PROJECT_ID не заданы: карточек в GitHub Projects нет."] }),
];

const STAGES: TrackerStage[] = [
  { id: "L1", name: "Входящие", group: "Продажи" },
  { id: "L2", name: "В работе", group: "Продажи" },
  { id: "L3", name: "КП отправлено", group: "Продажи" },
  { id: "L4", name: "Архив", group: null },
];

const LIST_ROUTE: FakeRoute = { path: TRACKERS, body: LIST };
const STAGES_ROUTE: FakeRoute = { path: `${TRELLO}/stages`, body: STAGES };

const options = (select: HTMLElement) => within(select).getAllByRole("option").map((option) => option.textContent);

beforeEach(() => loginAs("admin"));
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("the task trackers", () => {
  it("lists every tracker with its state, what it misses and the statuses with no place", async () => {
    const { calls } = stubApi([LIST_ROUTE]);
    renderWithClient(<TrackersPanel t={t} />);
    const trello = await screen.findByTestId("tracker-trello");
    expect(within(trello).getByRole("heading")).toHaveTextContent("Trello");
    expect(screen.getByTestId("tracker-trello-state")).toHaveTextContent(/^Готов$/);
    expect(within(trello).queryByTestId("tracker-trello-problems")).not.toBeInTheDocument();
    expect(screen.getByTestId("tracker-trello-unmapped")).toHaveTextContent(
      "Без места (карточка остаётся, где была): «Квалифицирован», «Бриф заполнен», «Выигран», «Проигран».",
    );

    expect(screen.getByTestId("tracker-clickup-state")).toHaveTextContent(/^Не готов$/);
    const problems = within(screen.getByTestId("tracker-clickup-problems")).getAllByRole("listitem").map((item) => item.textContent);
    expect(problems).toEqual(["Статусу «Новый» не сопоставлен статус списка.", "Статуса closed (статус won) нет в списке."]);
    expect(screen.getByTestId("tracker-clickup")).toHaveTextContent("Что мешает работе:");

    const shortcut = screen.getByTestId("tracker-shortcut");
    expect(screen.getByTestId("tracker-shortcut-state")).toHaveTextContent(/^Выключен$/);
    expect(shortcut).toHaveTextContent("Как включить:");
    expect(screen.getByTestId("tracker-shortcut-problems")).toHaveTextContent("SHORTCUT_TOKEN не задан: историй в Shortcut нет.");
    // Switched off: nothing to map or reset, and no word about places.
    expect(within(shortcut).queryByRole("button")).not.toBeInTheDocument();
    expect(within(shortcut).queryByTestId("tracker-shortcut-unmapped")).not.toBeInTheDocument();
    expect(screen.getByTestId("tracker-github-state")).toHaveTextContent(/^Выключен$/);

    expect(screen.getByTestId("tracker-trello-map")).toHaveTextContent("Сопоставить статусы");
    expect(screen.getByTestId("tracker-clickup-reset")).toHaveTextContent("Сбросить");
    // The boards are asked only when the admin opens a mapping.
    expect(calls.some((call) => call.url.endsWith("/stages"))).toBe(false);
  });

  it("loads the board's places and saves the chosen ones", async () => {
    const saved = { statuses: { new: "L1", qualified: "L2", won: "L4" } };
    const { calls } = stubApi([LIST_ROUTE, STAGES_ROUTE, { method: "PUT", path: `${TRELLO}/mapping`, body: saved }]);
    renderWithClient(<TrackersPanel t={t} />);
    fireEvent.click(await screen.findByTestId("tracker-trello-map"));
    expect(screen.getByRole("status")).toHaveTextContent("Загружаем места из Trello…");

    const qualified = await screen.findByTestId("tracker-trello-place-qualified");
    expect(options(qualified)).toEqual(["— оставить на месте —", "Входящие (Продажи)", "В работе (Продажи)", "КП отправлено (Продажи)", "Архив"]);
    expect(qualified).toHaveValue("");
    expect(screen.getByTestId("tracker-trello-place-new")).toHaveValue("L1");
    expect(screen.getByTestId("tracker-trello-place-quote_sent")).toHaveValue("L3");
    expect(screen.getByText("Квалифицирован")).toBeInTheDocument(); // our statuses by their names

    fireEvent.change(qualified, { target: { value: "L2" } });
    fireEvent.change(screen.getByTestId("tracker-trello-place-quote_sent"), { target: { value: "" } });
    fireEvent.change(screen.getByTestId("tracker-trello-place-won"), { target: { value: "L4" } });
    fireEvent.click(screen.getByTestId("tracker-trello-save"));

    expect(await screen.findByText("Сохранено")).toBeInTheDocument();
    expect(calls.find((call) => call.method === "PUT")).toEqual({ method: "PUT", url: `${TRELLO}/mapping`, body: saved });
    expect(calls.filter((call) => call.url === `${TRELLO}/stages`)).toHaveLength(1);
  });

  it("says the tracker is out of reach and offers to try again", async () => {
    const { calls } = stubApi([
      LIST_ROUTE,
      { path: `${TRELLO}/stages`, status: 503, body: { error: { code: "tracker_unavailable", message: "Trello: нет соединения", details: null } } },
    ]);
    renderWithClient(<TrackersPanel t={t} />);
    fireEvent.click(await screen.findByTestId("tracker-trello-map"));
    const problem = await screen.findByTestId("tracker-trello-stages-error");
    expect(problem).toHaveAttribute("role", "alert");
    expect(problem).toHaveTextContent("Trello сейчас не отвечает, поэтому список мест получить не удалось. Пожалуйста, попробуйте чуть позже.");
    expect(problem).toHaveTextContent("Подробности: Trello: нет соединения");
    expect(screen.queryByTestId("tracker-trello-place-new")).not.toBeInTheDocument();

    fireEvent.click(within(problem).getByRole("button", { name: "Повторить" }));
    await waitFor(() => expect(calls.filter((call) => call.url === `${TRELLO}/stages`)).toHaveLength(2));
  });

  it("explains a tracker the server has no settings for", async () => {
    stubApi([
      { path: TRACKERS, body: [tracker("clickup", "ClickUp")] },
      {
        path: `${TRACKERS}/clickup/stages`,
        status: 422,
        body: { error: { code: "tracker_not_configured", message: "ClickUp не настроен: CLICKUP_TOKEN и CLICKUP_LIST_ID не заданы: задач в ClickUp нет.", details: null } },
      },
    ]);
    renderWithClient(<TrackersPanel t={t} />);
    fireEvent.click(await screen.findByTestId("tracker-clickup-map"));
    const problem = await screen.findByTestId("tracker-clickup-stages-error");
    expect(problem).toHaveTextContent("ClickUp не настроен на сервере, поэтому выбрать места пока не из чего.");
    expect(problem).toHaveTextContent("CLICKUP_TOKEN и CLICKUP_LIST_ID не заданы");
  });

  it("names the places that are gone from the board when the server refuses the mapping", async () => {
    const { calls } = stubApi([
      LIST_ROUTE,
      STAGES_ROUTE,
      {
        method: "PUT",
        path: `${TRELLO}/mapping`,
        status: 422,
        body: {
          error: {
            code: "tracker_mapping_invalid",
            message: "Сопоставление не сохранено: в нём есть неизвестные статусы или места на доске.",
            details: { unknown_statuses: [], known_statuses: ["new", "qualified", "brief_completed", "quote_sent", "won", "lost"], unknown_places: ["L3"] },
          },
        },
      },
    ]);
    renderWithClient(<TrackersPanel t={t} />);
    fireEvent.click(await screen.findByTestId("tracker-trello-map"));
    await screen.findByTestId("tracker-trello-place-new");
    fireEvent.click(screen.getByTestId("tracker-trello-save"));

    const problem = await screen.findByTestId("tracker-trello-mapping-error");
    expect(problem).toHaveTextContent(
      "Сопоставление не сохранено: в Trello уже нет места «КП отправлено», выбранного для статуса «КП отправлено». Пожалуйста, выберите другое — список мест мы обновили.",
    );
    expect(calls.find((call) => call.method === "PUT")?.body).toEqual({ statuses: { new: "L1", quote_sent: "L3" } });
    expect(screen.getByTestId("tracker-trello-place-quote_sent")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("Этого места уже нет: пожалуйста, выберите другое.")).toBeInTheDocument();
    expect(screen.getByTestId("tracker-trello-place-new")).not.toHaveAttribute("aria-invalid");
    // The board is read again, so the list offers what is there now.
    await waitFor(() => expect(calls.filter((call) => call.url === `${TRELLO}/stages`)).toHaveLength(2));
    expect(screen.queryByText("Сохранено")).not.toBeInTheDocument();
    fireEvent.change(screen.getByTestId("tracker-trello-place-quote_sent"), { target: { value: "L2" } });
    expect(screen.getByTestId("tracker-trello-place-quote_sent")).not.toHaveAttribute("aria-invalid");
  });

  it("tells a tracker that went down while saving", async () => {
    stubApi([
      LIST_ROUTE,
      STAGES_ROUTE,
      { method: "PUT", path: `${TRELLO}/mapping`, status: 503, body: { error: { code: "tracker_unavailable", message: "Trello: таймаут", details: null } } },
    ]);
    renderWithClient(<TrackersPanel t={t} />);
    fireEvent.click(await screen.findByTestId("tracker-trello-map"));
    fireEvent.change(await screen.findByTestId("tracker-trello-place-lost"), { target: { value: "L4" } });
    fireEvent.click(screen.getByTestId("tracker-trello-save"));
    const problem = await screen.findByTestId("tracker-trello-mapping-error");
    expect(problem).toHaveTextContent("Сопоставление не сохранено: Trello сейчас не отвечает, а без него выбранные места не проверить.");
    expect(problem).toHaveTextContent("Подробности: Trello: таймаут");
    expect(screen.getByTestId("tracker-trello-place-lost")).toHaveValue("L4"); // the choice is kept for another try
  });

  it("resets to the settings' mapping after a confirmation", async () => {
    // A tiny server: the list shows what the last DELETE left.
    let mapping: Record<string, string> = TRELLO_READY.mapping;
    const { calls } = stubApi([
      {
        path: TRACKERS,
        get body() {
          return [{ ...TRELLO_READY, mapping, unmapped: TRACKER_STATUSES.filter((status) => !mapping[status]) }];
        },
      },
      STAGES_ROUTE,
      {
        method: "DELETE",
        path: `${TRELLO}/mapping`,
        get body() {
          mapping = { new: "L2" };
          return { statuses: mapping };
        },
      },
    ]);
    renderWithClient(<TrackersPanel t={t} />);
    fireEvent.click(await screen.findByTestId("tracker-trello-map"));
    expect(await screen.findByTestId("tracker-trello-place-new")).toHaveValue("L1");

    fireEvent.click(screen.getByTestId("tracker-trello-reset"));
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(dialog).toHaveTextContent("Сбросить сопоставление для Trello?");
    expect(dialog).toHaveTextContent("TRELLO_STATUS_MAP");
    expect(calls.some((call) => call.method === "DELETE")).toBe(false);
    fireEvent.click(within(dialog).getByTestId("confirm-yes"));

    expect(await screen.findByText("Восстановлено сопоставление из настроек сервера.")).toBeInTheDocument();
    expect(calls.filter((call) => call.method === "DELETE").map((call) => call.url)).toEqual([`${TRELLO}/mapping`]);
    expect(screen.getByTestId("tracker-trello-place-new")).toHaveValue("L2");
    expect(screen.getByTestId("tracker-trello-place-quote_sent")).toHaveValue("");
    expect(screen.getByTestId("tracker-trello-unmapped")).toHaveTextContent("«Квалифицирован», «Бриф заполнен», «КП отправлено», «Выигран», «Проигран».");
  });

  it("sits on the integrations tab beside amoCRM", async () => {
    const amo: AmoConnection = {
      configured: false,
      auth: "none",
      connected: false,
      domain: null,
      account_id: null,
      connected_at: null,
      refreshed_at: null,
      access_expires_at: null,
      redirect_uri: "https://bot.example.ru/api/v1/integrations/amocrm/callback",
      webhook_url: null,
      mapping: { pipeline_id: null, statuses: {}, fields: {} },
    };
    stubApi([
      { path: "/api/v1/admin/documents/requisites", body: {} },
      { path: "/api/v1/admin/integrations", body: [] },
      { path: "/api/v1/admin/integrations/amocrm", body: amo },
      LIST_ROUTE,
    ]);
    renderWithClient(<SettingsPage />);
    fireEvent.click(screen.getByTestId("tab-integrations"));
    const panel = await screen.findByTestId("trackers-panel");
    await screen.findByTestId("amo-panel");
    expect(within(panel).getByRole("heading", { name: "Трекеры задач" })).toBeInTheDocument();
    expect(await within(panel).findByTestId("tracker-trello")).toBeInTheDocument();
    expect(screen.getByTestId("amo-panel").compareDocumentPosition(panel) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });
});
