import { describe, expect, it } from "vitest";
import { currentContext, entityTypeForArea } from "../src/context";

describe("the context of a question", () => {
  it("maps card areas to their entity and nothing else", () => {
    expect(entityTypeForArea("lcard")).toBe("leads");
    expect(entityTypeForArea("ccard")).toBe("contacts");
    expect(entityTypeForArea("comcard")).toBe("companies");
    for (const area of ["llist", "clist", "settings", "dashboard", "cucard", "", null, undefined]) {
      expect(entityTypeForArea(area)).toBeNull();
    }
  });

  it("takes the open card's id in a card area", () => {
    const app = { data: { current_card: { id: 17657 } } };
    expect(currentContext({ area: "lcard" }, app)).toEqual({ area: "lcard", entity_type: "leads", entity_id: 17657 });
    expect(currentContext({ area: "ccard" }, app)).toEqual({ area: "ccard", entity_type: "contacts", entity_id: 17657 });
    expect(currentContext({ area: "comcard" }, app)).toEqual({ area: "comcard", entity_type: "companies", entity_id: 17657 });
  });

  it("reads a numeric string id", () => {
    expect(currentContext({ area: "lcard" }, { data: { current_card: { id: "205" } } })).toEqual({ area: "lcard", entity_type: "leads", entity_id: 205 });
  });

  it("sends no entity outside cards, even when APP still holds a card", () => {
    const app = { data: { current_card: { id: 17657 } } };
    expect(currentContext({ area: "llist" }, app)).toEqual({ area: "llist", entity_type: null, entity_id: null });
    expect(currentContext({ area: "settings" }, app)).toEqual({ area: "settings", entity_type: null, entity_id: null });
  });

  it("sends no entity for a new card (id 0) or a card APP does not know", () => {
    for (const app of [{ data: { current_card: { id: 0 } } }, { data: { current_card: null } }, { data: null }, {}, undefined, { data: { current_card: { id: "abc" } } }, { data: { current_card: { id: 1.5 } } }]) {
      expect(currentContext({ area: "lcard" }, app)).toEqual({ area: "lcard", entity_type: null, entity_id: null });
    }
  });

  it("has a null area when system() gives none", () => {
    expect(currentContext(undefined, undefined)).toEqual({ area: null, entity_type: null, entity_id: null });
    expect(currentContext({}, undefined)).toEqual({ area: null, entity_type: null, entity_id: null });
  });
});
