import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { loginAs, renderWithClient } from "@/test/render";

import { PRICE_LIST } from "./fixtures";
import { PricingPage } from "./PricingPage";
import type { PriceEdits, PriceListOut, PriceVersion, QuoteRequest, QuoteResult, RangeRow } from "./types";

interface Call {
  method: string;
  url: string;
  body: { price_list: PriceEdits; request: QuoteRequest } & Record<string, unknown>;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/** The back end in miniature: the preview prices the sample (30 users, 4 integrations, cloud,
 * SLA 99.5) with the edits it is sent — base × users × 1.3 × 1.0 × 1.3 × 1.0. */
function backend(overrides: { preview?: (call: Call) => Response | null; put?: (call: Call) => Response; current?: () => PriceListOut } = {}) {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const call = { method: init.method ?? "GET", url, body: init.body ? JSON.parse(String(init.body)) : null } as Call;
      calls.push(call);
      if (call.method === "PUT" && overrides.put) return overrides.put(call);
      if (url === "/api/v1/admin/pricing") return json(overrides.current ? overrides.current() : PRICE_LIST);
      if (url === "/api/v1/admin/pricing/versions") return json([PRICE_LIST, { ...PRICE_LIST, version: 2, note: "", created_by: "anna@example.com" }] satisfies PriceVersion[]);
      if (url === "/api/v1/admin/pricing/versions/2") return json({ ...PRICE_LIST, version: 2, data: { ...PRICE_LIST.data, base_prices: { ...PRICE_LIST.data.base_prices, "ai-manager": { start: "140000", optimum: "330000", enterprise: "880000" } } } } satisfies PriceListOut);
      if (url === "/api/v1/admin/pricing/preview") {
        const custom = overrides.preview?.(call);
        if (custom) return custom;
        const users = (call.body.price_list.coefficients.users as RangeRow[])[1]!.multiplier;
        const base = call.body.price_list.base_prices[call.body.request.product]!;
        const total = (code: string) => String(Math.round(Number(base[code]) * Number(users) * 1.3 * 1.3));
        return json({
          product: { code: "ai-manager", name: "ИИ-Менеджер" },
          inputs: call.body.request,
          packages: ["start", "optimum", "enterprise"].map((code) => ({
            code,
            name: code,
            base_price: base[code] ?? "0",
            coefficients: {},
            factors: [],
            includes: [],
            timeline: "",
            total: total(code),
            available: code !== "start",
            unavailable_reason: code === "start" ? "SLA 99,5 % не входит в пакет Старт" : null,
          })),
          recommended: "optimum",
          recommendation_reason: "",
          valid_until: "2026-12-04",
          price_list_version: 3,
        } satisfies QuoteResult);
      }
      return json({ error: { code: "not_found", message: "Нет такого адреса." } }, 404);
    }),
  );
  return calls;
}

const previews = (calls: Call[]) => calls.filter((c) => c.url === "/api/v1/admin/pricing/preview");
const usersMultipliers = (calls: Call[]) => previews(calls).map((c) => (c.body.price_list.coefficients.users as RangeRow[])[1]!.multiplier);
const coef = (table: string, key: string) => document.querySelector(`[data-testid="pricing-coef-input"][data-table="${table}"][data-key="${key}"]`) as HTMLInputElement;
const total = (pkg: string) => screen.getByText((_, el) => el?.getAttribute("data-testid") === "pricing-preview-total" && el.getAttribute("data-package") === pkg);

beforeEach(() => loginAs("admin"));
afterEach(() => vi.unstubAllGlobals());

describe("PricingPage", () => {
  it("previews the sample with the saved list, then with an edited coefficient after a pause", async () => {
    const calls = backend();
    renderWithClient(<PricingPage />);
    await waitFor(() => expect(total("optimum")).toHaveAttribute("data-total", "887250")); // 350000 × 1.5 × 1.3 × 1.3
    expect(previews(calls)[0]!.body.request).toEqual({ product: "ai-manager", users: 30, integrations: 4, hosting: "cloud", sla: "99.5", deadline_days: null });

    const input = coef("users", "1.multiplier");
    expect(input.value).toBe("1.5");
    await userEvent.clear(input);
    await userEvent.type(input, "1.6");
    // Typed as "", "1", "1.", "1.6": only the settled value is asked, once.
    await waitFor(() => expect(total("optimum")).toHaveAttribute("data-total", "946400"));
    expect(usersMultipliers(calls)).toEqual(["1.5", "1.6"]);
    expect(total("enterprise")).toHaveAttribute("data-total", "2433600");
    expect(total("optimum").textContent?.replace(/\s/g, " ")).toBe("946 400 ₽");
    expect(screen.getByText("с несохранёнными правками")).toBeInTheDocument();
  });

  it("does not ask the server about a value it can already refuse, and says why at the field", async () => {
    const calls = backend();
    renderWithClient(<PricingPage />);
    await waitFor(() => expect(previews(calls)).toHaveLength(1));
    await screen.findAllByTestId("pricing-preview-total");
    const input = coef("hosting", "hybrid");
    await userEvent.clear(input);
    await userEvent.type(input, "abc");
    expect(await screen.findByText("Нужно число больше нуля, например 1.25.")).toBeInTheDocument();
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("Исправьте отмеченные поля — тогда расчёт обновится.")).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(previews(calls)).toHaveLength(1);
    expect(screen.getByTestId("pricing-save")).toBeDisabled();
  });

  it("shows the server's refusal of the unsaved list next to the field", async () => {
    backend({
      preview: (call) =>
        (call.body.price_list.coefficients.deadline as RangeRow[])[1]!.to === 20
          ? json({ error: { code: "invalid_price_list", message: "Строка 2: пересечение диапазонов.", details: [{ loc: ["price_list", "coefficients", "deadline", 1, "from"], message: "Строка 2: пересечение диапазонов.", type: "invalid_price_list" }] } }, 422)
          : null,
    });
    renderWithClient(<PricingPage />);
    await screen.findAllByTestId("pricing-coef-input");
    const input = coef("deadline", "1.to");
    fireEvent.change(input, { target: { value: "20" } });
    const error = await screen.findByText("Строка 2: пересечение диапазонов.");
    expect(error).toHaveAttribute("data-field", "deadline:1.to");
    expect(within(screen.getByTestId("pricing-table-deadline")).getByText("Строка 2: пересечение диапазонов.")).toBe(error);
  });

  it("saves every edit in one request with the note, and shows a refused field's message", async () => {
    const puts: Call[] = [];
    backend({
      put: (call) => {
        puts.push(call);
        return json({ error: { code: "invalid_price_list", message: "Цена должна быть положительной суммой в рублях.", details: [{ loc: ["price_list", "base_prices", "ai-lawyer", "optimum"], message: "Цена должна быть положительной суммой в рублях.", type: "invalid_price_list" }] } }, 422);
      },
    });
    renderWithClient(<PricingPage />);
    await screen.findAllByTestId("pricing-coef-input");
    const sla = coef("sla", "99.9");
    fireEvent.change(sla, { target: { value: "1,7" } });
    fireEvent.change(document.querySelector('[data-table="base_prices"][data-key="ai-lawyer.optimum"]')!, { target: { value: "470000" } });
    await userEvent.type(screen.getByTestId("pricing-note"), "весна 2027");
    expect(screen.getByText("Изменений: 2")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("pricing-save"));

    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]!.url).toBe("/api/v1/admin/pricing");
    const body = puts[0]!.body as unknown as { price_list: { coefficients: Record<string, unknown>; base_prices: Record<string, Record<string, string>> }; note: string };
    expect(body.note).toBe("весна 2027");
    expect(body.price_list.coefficients.sla).toEqual({ standard: "1.0", "99.5": "1.3", "99.9": "1.7" });
    expect(body.price_list.base_prices["ai-lawyer"]!.optimum).toBe("470000");
    const message = await screen.findAllByText(/Цена должна быть положительной суммой в рублях\./);
    expect(message.find((el) => el.getAttribute("data-field") === "base_prices:ai-lawyer.optimum")).toBeDefined();
  });

  it("reports the saved version", async () => {
    let current: PriceListOut = PRICE_LIST;
    backend({
      put: (call) => {
        const edits = (call.body as unknown as { price_list: PriceListOut["data"] }).price_list;
        current = { ...PRICE_LIST, version: 4, data: { ...PRICE_LIST.data, ...edits } };
        return json(current);
      },
      current: () => current,
    });
    renderWithClient(<PricingPage />);
    await screen.findAllByTestId("pricing-coef-input");
    fireEvent.change(coef("sla", "99.9"), { target: { value: "1,9" } });
    expect(screen.getByText("Изменений: 1")).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("pricing-save"));
    expect(await screen.findByText("Сохранено: действует версия 4")).toBeInTheDocument();
  });

  it("opens an older version read only", async () => {
    backend();
    renderWithClient(<PricingPage />);
    const versions = await screen.findAllByTestId("pricing-version");
    expect(versions[1]).toHaveTextContent("anna@example.com");
    await userEvent.click(within(versions[1]!).getByTestId("pricing-version-view"));
    const old = await screen.findByTestId("pricing-old-version");
    const price = old.querySelector('[data-table="base_prices"][data-key="ai-manager.optimum"]') as HTMLInputElement;
    expect(price.value).toBe("330000");
    expect(price).toBeDisabled();
  });
});
