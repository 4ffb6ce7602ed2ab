import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { download } from "@/lib/api";
import { isoDay } from "@/lib/format";
import { loginAs, renderWithClient, stubApi } from "@/test/render";

import { AnalyticsPage } from "./AnalyticsPage";
import { readFilters } from "./period";
import type { DailyRow, Summary } from "./types";

let search = "";
vi.mock("next/navigation", () => ({ useSearchParams: () => new URLSearchParams(search) }));
vi.mock("@/lib/api", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/api")>()),
  download: vi.fn(async () => undefined),
}));

const nbsp = (text: string | null) => (text ?? "").replace(/[\u00a0\u202f]/g, " ");

const SUMMARY: Summary = {
  period: { from: "2026-10-23", to: "2026-11-21" },
  funnel: [
    { stage: "contacts", count: 1000 },
    { stage: "qualified", count: 640 },
    { stage: "brief_completed", count: 410 },
    { stage: "quote_sent", count: 350 },
    { stage: "documents", count: 220 },
    { stage: "won", count: 90 },
  ],
  conversion: { leads: 640, applications: 220, rate: 0.34 },
  channels: [{ channel: "web", conversations: 700, leads: 450, applications: 160, rate: 0.36 }],
  automation: { conversations: 1000, handed_off: 250, rate: 0.75 },
  response_time: { p50_ms: 900, p95_ms: 2400, replies: 5200 },
  nps: { score: 64, responses: 120, promoters: 85, passives: 25, detractors: 10 },
  revenue: { paid: "1774500.00", payments: 2, average: "887250.00" },
  targets: { response_p95_ms: 3000, conversion: 0.25, automation: 0.8, nps: 60 },
};
const DAILY: DailyRow[] = [{ day: "2026-11-20", conversations: 10, customer: 30, bot: 28, manager: 2, leads: 3, handoffs: 1 }];

function routes(summary: Summary = SUMMARY) {
  return stubApi([
    { path: "/api/v1/analytics/summary", body: summary },
    { path: "/api/v1/analytics/daily", body: DAILY },
  ]);
}

const queryOf = (url: string) => Object.fromEntries(new URL(url, "http://x").searchParams);
/** The analytics calls only (the page also asks for the server's channels). */
const analyticsCalls = (calls: { url: string }[]) => calls.filter((call) => call.url.startsWith("/api/v1/analytics/"));

beforeEach(() => {
  search = "";
  loginAs("manager");
  window.history.replaceState(null, "", "/app/analytics/");
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.mocked(download).mockClear();
});

describe("analytics page", () => {
  it("shows each KPI with its value and whether it meets the target", async () => {
    routes();
    renderWithClient(<AnalyticsPage />);
    const conversion = await screen.findByTestId("kpi-conversion");
    expect(nbsp(within(conversion).getByTestId("kpi-conversion-value").textContent)).toBe("34 %");
    expect(conversion).toHaveAttribute("data-state", "good");
    expect(within(conversion).getByText("Цель достигнута")).toBeInTheDocument();
    expect(nbsp(within(conversion).getByText(/цель/).textContent)).toBe("цель ≥ 25 %");

    const automation = screen.getByTestId("kpi-automation");
    expect(nbsp(screen.getByTestId("kpi-automation-value").textContent)).toBe("75 %");
    expect(automation).toHaveAttribute("data-state", "bad");
    expect(within(automation).getByText("Ниже цели")).toBeInTheDocument();

    expect(nbsp(screen.getByTestId("kpi-response-value").textContent)).toBe("2,4 с");
    expect(screen.getByTestId("kpi-response")).toHaveAttribute("data-state", "good");
    expect(nbsp(within(screen.getByTestId("kpi-response")).getByText(/медиана/).textContent)).toContain("медиана 900 мс");
    expect(screen.getByTestId("kpi-nps-value")).toHaveTextContent("64");
    expect(nbsp(screen.getByTestId("revenue-paid").textContent)).toContain("1 774 500");
    expect(nbsp(screen.getByTestId("revenue").textContent)).toContain("оплат: 2 · средний чек 887 250");
    expect(screen.getByTestId("kpi-nps")).toHaveAttribute("data-state", "good");
  });

  it("asks for the last 30 days by default and for the chosen period and channel after a change", async () => {
    const { calls } = routes();
    renderWithClient(<AnalyticsPage />);
    await screen.findByTestId("kpi-conversion");
    expect(queryOf(analyticsCalls(calls)[0]!.url)).toEqual({ from: isoDay(29), to: isoDay(0) });

    fireEvent.click(screen.getByTestId("preset-7"));
    await waitFor(() => expect(calls.some((call) => call.url.includes(`from=${isoDay(6)}`))).toBe(true));
    const weekly = calls.filter((call) => call.url.includes(`from=${isoDay(6)}`)).map((call) => call.url.split("?")[0]);
    expect(weekly.sort()).toEqual(["/api/v1/analytics/daily", "/api/v1/analytics/summary"]);
    expect(window.location.search).toBe(`?from=${isoDay(6)}&to=${isoDay(0)}`);

    // The choices are the server's channels, in its order.
    const filter = screen.getByTestId("channel-filter");
    await within(filter).findByRole("option", { name: "Telegram" });
    expect(within(filter).getAllByRole("option").map((option) => option.textContent)).toEqual(["Все каналы", "Сайт", "Telegram", "Авито"]);
    fireEvent.change(filter, { target: { value: "telegram" } });
    await waitFor(() => expect(calls.at(-1)!.url).toContain("channel=telegram"));
    expect(queryOf(calls.at(-1)!.url)).toEqual({ from: isoDay(6), to: isoDay(0), channel: "telegram" });
    expect(window.location.search).toContain("channel=telegram");
  });

  it("reads the period from the URL", async () => {
    search = "from=2026-11-01&to=2026-11-10&channel=avito";
    const { calls } = routes();
    renderWithClient(<AnalyticsPage />);
    await screen.findByTestId("kpi-conversion");
    expect(queryOf(analyticsCalls(calls)[0]!.url)).toEqual({ from: "2026-11-01", to: "2026-11-10", channel: "avito" });
    expect(screen.getByTestId("period-from")).toHaveValue("2026-11-01");
    await waitFor(() => expect(screen.getByTestId("channel-filter")).toHaveDisplayValue("Авито"));
  });

  it("exports a report with the page's filters", async () => {
    search = "from=2026-11-01&to=2026-11-10&channel=web";
    routes();
    renderWithClient(<AnalyticsPage />);
    await screen.findByTestId("kpi-conversion");
    fireEvent.click(screen.getByTestId("export-daily"));
    await waitFor(() => expect(download).toHaveBeenCalledTimes(1));
    expect(vi.mocked(download).mock.calls[0]!.slice(0, 2)).toEqual([
      "/analytics/export.csv",
      { report: "daily", from: "2026-11-01", to: "2026-11-10", channel: "web" },
    ]);
  });

  it("says so when the period has no data", async () => {
    const empty: Summary = {
      ...SUMMARY,
      funnel: SUMMARY.funnel.map((row) => ({ ...row, count: 0 })),
      conversion: { leads: 0, applications: 0, rate: null },
      channels: [],
      automation: { conversations: 0, handed_off: 0, rate: null },
      response_time: { p50_ms: null, p95_ms: null, replies: 0 },
      nps: { score: null, responses: 0, promoters: 0, passives: 0, detractors: 0 },
    };
    routes(empty);
    renderWithClient(<AnalyticsPage />);
    expect(await screen.findByTestId("analytics-empty")).toHaveTextContent("За выбранный период данных нет");
  });

  it("shows the server's error with a retry", async () => {
    stubApi([{ path: "/api/v1/analytics/summary", status: 422, body: { error: { code: "period_too_long", message: "Период слишком длинный." } } }]);
    renderWithClient(<AnalyticsPage />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Период слишком длинный.");
    expect(screen.getByRole("button", { name: "Повторить" })).toBeInTheDocument();
  });
});

describe("period from the URL", () => {
  it("falls back to 30 days and puts a reversed period right", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    expect(readFilters(new URLSearchParams("channel=fax!"), now)).toEqual({ from: "2026-10-23", to: "2026-11-21", channel: "" });
    expect(readFilters(new URLSearchParams("from=2026-11-10&to=2026-11-01"), now)).toMatchObject({ from: "2026-11-01", to: "2026-11-10" });
  });

  it("takes any channel code the server may serve and drops what is not one", () => {
    const channel = (query: string) => readFilters(new URLSearchParams(query)).channel;
    // The list of channels is the server's: a code it names is taken as is, known here or not.
    expect(channel("channel=avito")).toBe("avito");
    expect(channel("channel=amocrm_widget")).toBe("amocrm_widget");
    expect(channel("channel=vk2")).toBe("vk2");
    for (const garbage of ["", "Web", "2gis", "_web", "web-chat", "web chat", "<script>", "a".repeat(33)]) {
      expect(channel(`channel=${encodeURIComponent(garbage)}`)).toBe("");
    }
    expect(channel("")).toBe("");
  });
});
