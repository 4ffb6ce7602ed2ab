import { describe, expect, it } from "vitest";

import { formatDateTime, formatMoney, formatPercent, formatShortTime, formatTime, isoDay } from "@/lib/format";

const nbsp = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("format", () => {
  it("shows roubles without computing on them", () => {
    expect(nbsp(formatMoney("1250000.00"))).toBe("1 250 000 ₽");
    expect(nbsp(formatMoney("99.50"))).toBe("99,50 ₽");
    expect(formatMoney(null)).toBe("—");
  });

  it("shows times in Moscow", () => {
    expect(formatDateTime("2026-11-21T21:30:00Z")).toBe("22.11.2026, 00:30");
    expect(formatShortTime("2026-11-21T21:30:00Z", new Date("2026-11-22T08:00:00Z"))).toBe("00:30");
    expect(formatShortTime("2026-11-20T08:00:00Z", new Date("2026-11-22T08:00:00Z"))).toBe("20.11");
    expect(formatTime("2026-11-21T21:30:00Z")).toBe("00:30");
    expect(formatTime("2026-11-21T21:30:00Z", "ru", "Asia/Yekaterinburg")).toBe("02:30");
  });

  it("formats shares and Moscow days", () => {
    expect(nbsp(formatPercent(0.256))).toBe("25,6 %");
    expect(isoDay(0, new Date("2026-11-21T22:00:00Z"))).toBe("2026-11-22");
    expect(isoDay(30, new Date("2026-11-21T22:00:00Z"))).toBe("2026-10-23");
  });
});
