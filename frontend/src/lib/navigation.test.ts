import { describe, expect, it } from "vitest";

import { visibleNav } from "@/components/Shell";
import { safeNext } from "@/lib/navigation";

describe("after login", () => {
  it("returns only inside the dashboard", () => {
    expect(safeNext("/app/leads/?status=new")).toBe("/leads/?status=new");
    expect(safeNext("https://evil.example/")).toBe("/inbox/");
    expect(safeNext("//evil.example/app/")).toBe("/inbox/");
    expect(safeNext("/app//evil.example")).toBe("/inbox/");
    expect(safeNext("/app/login/")).toBe("/inbox/");
    expect(safeNext(null)).toBe("/inbox/");
  });

  it("shows managers no admin sections", () => {
    expect(visibleNav(false).map((item) => item.href)).toEqual(["/inbox/", "/leads/", "/bookings/", "/analytics/"]);
    expect(visibleNav(true)).toHaveLength(8);
  });
});
