import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { loginAs, renderWithClient, stubApi } from "@/test/render";

import { BookingsPage } from "./BookingsPage";
import type { Booking } from "./types";
import { addDays, groupByDay, mondayOf, readFilters, weekQuery } from "./week";

let search = "";
vi.mock("next/navigation", () => ({ useSearchParams: () => new URLSearchParams(search) }));

const nbsp = (text: string | null) => (text ?? "").replace(/[\u00a0\u202f]/g, " ");
/** Wednesday 25 November 2026, 12:00 in Moscow. */
const NOW = new Date("2026-11-25T09:00:00Z");

function booking(id: string, overrides: Partial<Booking> = {}): Booking {
  return {
    id,
    conversation_id: `conv-${id}`,
    lead_id: `lead-${id}`,
    starts_at: "2026-11-23T07:00:00Z",
    ends_at: "2026-11-23T08:00:00Z",
    manager: "olga@example.ru",
    customer_zone: "Europe/Moscow",
    status: "booked",
    confirmed_at: null,
    ...overrides,
  };
}

const WEEK: Booking[] = [
  booking("b1", { customer_zone: "Asia/Yekaterinburg", confirmed_at: "2026-11-22T10:00:00Z" }),
  booking("b2", { starts_at: "2026-11-23T12:00:00Z", ends_at: "2026-11-23T13:00:00Z", manager: "ivan@example.ru", lead_id: null }),
  // 00:30 on Wednesday in Moscow, though still Tuesday in UTC.
  booking("b3", { starts_at: "2026-11-24T21:30:00Z", ends_at: "2026-11-24T22:30:00Z", customer_zone: "Asia/Vladivostok" }),
];

const bookingCalls = (calls: { url: string }[]) =>
  calls.filter((call) => call.url.startsWith("/api/v1/bookings")).map((call) => Object.fromEntries(new URL(call.url, "http://x").searchParams));

beforeEach(() => {
  search = "";
  loginAs("manager");
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
  window.history.replaceState(null, "", "/app/bookings/");
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("the week", () => {
  it("runs Monday to Sunday in Moscow and asks for it with the Moscow offset", () => {
    expect(mondayOf("2026-11-25")).toBe("2026-11-23");
    expect(mondayOf("2026-11-29")).toBe("2026-11-23");
    expect(mondayOf("2026-11-30")).toBe("2026-11-30");
    expect(addDays("2026-12-28", 7)).toBe("2027-01-04");
    // Sunday 23:30 UTC is already Monday in Moscow.
    expect(readFilters(new URLSearchParams(), new Date("2026-11-29T21:30:00Z")).week).toBe("2026-11-30");
    expect(readFilters(new URLSearchParams("week=2026-11-26&cancelled=1"))).toEqual({ week: "2026-11-23", cancelled: true });
    expect(readFilters(new URLSearchParams("week=nonsense"), NOW)).toEqual({ week: "2026-11-23", cancelled: false });
    expect(weekQuery({ week: "2026-11-23", cancelled: false })).toEqual({
      from: "2026-11-23T00:00:00+03:00",
      to: "2026-11-30T00:00:00+03:00",
      cancelled: false,
    });
  });

  it("groups bookings by their Moscow day", () => {
    expect(groupByDay(WEEK).map(([day, items]) => [day, items.map((item) => item.id)])).toEqual([
      ["2026-11-23", ["b1", "b2"]],
      ["2026-11-25", ["b3"]],
    ]);
  });
});

describe("bookings page", () => {
  it("lists this week's consultations day by day, with the customer's time and links", async () => {
    const { calls } = stubApi([{ path: "/api/v1/bookings", body: WEEK }]);
    renderWithClient(<BookingsPage />);
    expect(screen.getByRole("status")).toHaveTextContent("Загрузка…");
    const days = await screen.findAllByTestId("bookings-day");
    expect(bookingCalls(calls)).toEqual([{ from: "2026-11-23T00:00:00+03:00", to: "2026-11-30T00:00:00+03:00", cancelled: "false" }]);
    expect(nbsp(screen.getByTestId("bookings-week").textContent)).toBe("Неделя 23.11.2026 – 29.11.2026");
    expect(screen.getByTestId("bookings-today")).toHaveAttribute("aria-pressed", "true");

    expect(days.map((day) => within(day).getByTestId("bookings-day-title").textContent)).toEqual(["Понедельник, 23 ноября", "Среда, 25 ноябрясегодня"]);
    const [first, second] = within(days[0]!).getAllByTestId("booking");
    expect(nbsp(first!.textContent)).toBe("10:00–11:00подтвержденаМенеджер: olga@example.ruу клиента 12:00, Asia/YekaterinburgКарточка лидаДиалог");
    expect(within(first!).getByTestId("booking-lead").getAttribute("href")).toMatch(/\/leads\/view\/?\?id=lead-b1$/);
    expect(within(first!).getByTestId("booking-conversation").getAttribute("href")).toMatch(/\/inbox\/?\?c=conv-b1$/);
    // In Moscow like us: no second time; no lead yet: no link to it.
    expect(nbsp(second!.textContent)).toBe("15:00–16:00не подтвержденаМенеджер: ivan@example.ruДиалог");
    expect(within(second!).queryByTestId("booking-customer-time")).not.toBeInTheDocument();
    expect(within(second!).queryByTestId("booking-lead")).not.toBeInTheDocument();

    const [late] = within(days[1]!).getAllByTestId("booking");
    expect(within(late!).getByTestId("booking-time")).toHaveTextContent("00:30–01:30");
    expect(within(late!).getByTestId("booking-customer-time")).toHaveTextContent("у клиента 07:30, Asia/Vladivostok");
  });

  it("moves between weeks, back to today, and asks for cancelled ones when told", async () => {
    const { calls } = stubApi([{ path: "/api/v1/bookings", body: WEEK }]);
    const user = userEvent.setup();
    renderWithClient(<BookingsPage />);
    await screen.findAllByTestId("bookings-day");

    await user.click(screen.getByTestId("bookings-next"));
    await waitFor(() => expect(bookingCalls(calls).at(-1)).toEqual({ from: "2026-11-30T00:00:00+03:00", to: "2026-12-07T00:00:00+03:00", cancelled: "false" }));
    expect(nbsp(screen.getByTestId("bookings-week").textContent)).toBe("Неделя 30.11.2026 – 06.12.2026");
    expect(screen.getByTestId("bookings-today")).toHaveAttribute("aria-pressed", "false");
    expect(window.location.search).toBe("?week=2026-11-30");

    await user.click(screen.getByTestId("bookings-previous"));
    await user.click(screen.getByTestId("bookings-previous"));
    await waitFor(() => expect(bookingCalls(calls).at(-1)).toMatchObject({ from: "2026-11-16T00:00:00+03:00", to: "2026-11-23T00:00:00+03:00" }));
    expect(nbsp(screen.getByTestId("bookings-week").textContent)).toBe("Неделя 16.11.2026 – 22.11.2026");

    await user.click(screen.getByTestId("bookings-today"));
    expect(nbsp(screen.getByTestId("bookings-week").textContent)).toBe("Неделя 23.11.2026 – 29.11.2026");

    fireEvent.click(screen.getByTestId("bookings-show-cancelled"));
    await waitFor(() => expect(bookingCalls(calls).at(-1)).toEqual({ from: "2026-11-23T00:00:00+03:00", to: "2026-11-30T00:00:00+03:00", cancelled: "true" }));
    expect(window.location.search).toBe("?week=2026-11-23&cancelled=1");
  });

  it("opens the week the address names and greys cancelled consultations", async () => {
    search = "week=2026-12-02&cancelled=1";
    const { calls } = stubApi([{ path: "/api/v1/bookings", body: [booking("b9", { starts_at: "2026-12-01T07:00:00Z", ends_at: "2026-12-01T08:00:00Z", status: "cancelled" })] }]);
    renderWithClient(<BookingsPage />);
    const row = await screen.findByTestId("booking");
    expect(bookingCalls(calls)).toEqual([{ from: "2026-11-30T00:00:00+03:00", to: "2026-12-07T00:00:00+03:00", cancelled: "true" }]);
    expect(screen.getByTestId("bookings-show-cancelled")).toBeChecked();
    expect(row).toHaveAttribute("data-status", "cancelled");
    expect(row).toHaveTextContent("отменена");
    expect(row.className).toContain("text-slate-400");
  });

  it("says when the week has no consultations", async () => {
    stubApi([{ path: "/api/v1/bookings", body: [] }]);
    renderWithClient(<BookingsPage />);
    expect(await screen.findByTestId("bookings-empty")).toHaveTextContent("На эту неделю записей нет");
    expect(screen.queryByTestId("bookings-day")).not.toBeInTheDocument();
  });

  it("shows the server's message when the period is refused", async () => {
    stubApi([
      {
        path: "/api/v1/bookings",
        status: 422,
        body: { error: { code: "period_invalid", message: "Период задаётся моментами с часовым поясом, не длиннее 92 дней." } },
      },
    ]);
    renderWithClient(<BookingsPage />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Период задаётся моментами с часовым поясом, не длиннее 92 дней.");
    expect(screen.getByRole("button", { name: "Повторить" })).toBeInTheDocument();
  });
});
