// The demo price list (salesbot/pricing/defaults.py) for tests.
import type { PriceListOut } from "./types";

export const PRICE_LIST: PriceListOut = {
  version: 3,
  note: "индексация",
  created_by: "admin@example.com",
  created_at: "2026-11-20T09:00:00Z",
  data: {
    validity_days: 14,
    products: [
      { code: "ai-manager", name: "ИИ-Менеджер" },
      { code: "ai-lawyer", name: "ИИ-Юрист" },
    ],
    packages: [
      { code: "start", name: "Старт" },
      { code: "optimum", name: "Оптимум" },
      { code: "enterprise", name: "Enterprise" },
    ],
    base_prices: {
      "ai-manager": { start: "150000", optimum: "350000", enterprise: "900000" },
      "ai-lawyer": { start: "200000", optimum: "450000", enterprise: "1100000" },
    },
    coefficients: {
      users: [
        { from: 1, to: 10, multiplier: "1.0" },
        { from: 11, to: 50, multiplier: "1.5" },
        { from: 51, to: 200, multiplier: "2.0" },
        { from: 201, to: null, multiplier: "3.0" },
      ],
      integrations: [
        { from: 0, to: 2, multiplier: "1.0" },
        { from: 3, to: 5, multiplier: "1.3" },
        { from: 6, to: null, multiplier: "1.7" },
      ],
      deadline: [
        { from: 0, to: 6, multiplier: "2.0" },
        { from: 7, to: 13, multiplier: "1.5" },
        { from: 14, to: null, multiplier: "1.0" },
      ],
      hosting: { cloud: "1.0", hybrid: "1.5", onprem: "2.5" },
      sla: { standard: "1.0", "99.5": "1.3", "99.9": "1.8" },
    },
  },
};
