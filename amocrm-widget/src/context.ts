import type { AmoApp, AssistantContext, EntityType, SystemInfo } from "./types";

const CARD_AREAS: Record<string, EntityType> = {
  lcard: "leads",
  ccard: "contacts",
  comcard: "companies",
};

/** The entity a card area shows: lcard → leads, ccard → contacts, comcard → companies. */
export function entityTypeForArea(area: string | null | undefined): EntityType | null {
  return (area && CARD_AREAS[area]) || null;
}

/** A card's id as a positive integer, or null (a new, unsaved card has id 0). */
function cardId(app: AmoApp | undefined): number | null {
  const raw = app?.data?.current_card?.id;
  const id = typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : raw;
  return typeof id === "number" && Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** The context sent with a question: the area, and the open card's entity in a card area. */
export function currentContext(system: SystemInfo | undefined, app: AmoApp | undefined): AssistantContext {
  const area = typeof system?.area === "string" && system.area ? system.area : null;
  const type = entityTypeForArea(area);
  const id = type ? cardId(app) : null;
  return { area, entity_type: id === null ? null : type, entity_id: id };
}
