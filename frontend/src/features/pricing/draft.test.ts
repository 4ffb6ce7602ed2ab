import { describe, expect, it } from "vitest";

import { changes, field, fromData, rangeRows, serverErrors, toEdits, validate } from "./draft";
import { PRICE_LIST } from "./fixtures";

const data = PRICE_LIST.data;

describe("draft", () => {
  it("round-trips the price list and finds no changes", () => {
    const draft = fromData(data);
    expect(toEdits(draft).coefficients.users).toEqual(data.coefficients.users);
    expect(toEdits(draft).base_prices).toEqual(data.base_prices);
    expect(changes(draft, data)).toEqual({ tables: [], prices: [] });
    expect(validate(draft)).toEqual({});
  });

  it("derives each range's start from the previous end and reads commas as points", () => {
    const draft = fromData(data);
    draft.ranges.users = [
      { to: "20", multiplier: "1" },
      { to: "100", multiplier: "1,4" },
      { to: "", multiplier: "2" },
    ];
    expect(rangeRows("users", draft.ranges.users)).toEqual([
      { from: 1, to: 20, multiplier: "1" },
      { from: 21, to: 100, multiplier: "1.4" },
      { from: 101, to: null, multiplier: "2" },
    ]);
    draft.base["ai-lawyer"]!.optimum = "460000";
    draft.values.sla["99.5"] = "1.30"; // the same number: not a change
    expect(changes(draft, data)).toEqual({ tables: ["users"], prices: [["ai-lawyer", "optimum"]] });
  });

  it("checks numbers, ends and prices as the server does", () => {
    const draft = fromData(data);
    draft.ranges.integrations[0]!.to = "x";
    draft.ranges.deadline[1]!.to = "5"; // starts at 7
    draft.values.hosting.hybrid = "0";
    draft.ranges.users[2]!.multiplier = "-1";
    draft.base["ai-manager"]!.start = "10.555";
    expect(validate(draft)).toEqual({
      [field("integrations", "0.to")]: "to_integer",
      [field("deadline", "1.to")]: "to_order",
      [field("hosting", "hybrid")]: "positive_decimal",
      [field("users", "2.multiplier")]: "positive_decimal",
      [field("base_prices", "ai-manager.start")]: "price",
    });
  });

  it("maps the server's details onto fields", () => {
    expect(
      serverErrors([
        { loc: ["price_list", "coefficients", "users", 1, "from"], message: "пересечение" },
        { loc: ["price_list", "base_prices", "ai-manager", "optimum"], message: "цена" },
        { loc: ["coefficients", "sla", "99.9"], message: "ноль" },
        { loc: ["body", "price"], message: "больше нуля" },
      ], "base_prices:ai-lawyer.start"),
    ).toEqual({
      "users:1.from": "пересечение",
      "base_prices:ai-manager.optimum": "цена",
      "sla:99.9": "ноль",
      "base_prices:ai-lawyer.start": "больше нуля",
    });
  });
});
