// Pure edits of the cached inbox pages, used by the live socket hook.
import type { InboxData } from "./api";
import type { ConversationItem, InboxFilters } from "./types";

/** Whether a row belongs in a list with these filters (`q` cannot be checked here). */
export function matchesFilters(row: ConversationItem, filters: InboxFilters): boolean {
  if (row.closed_at) return false;
  if (filters.channel && row.channel !== filters.channel) return false;
  if (filters.stage && row.stage !== filters.stage) return false;
  if (filters.owner === "bot" && row.owner !== "bot") return false;
  if (filters.owner === "human" && row.owner !== "human") return false;
  if (filters.handoff && !row.handoff_requested) return false;
  if (filters.unread && row.unread <= 0) return false;
  return true;
}

function withTotal(data: InboxData, delta: number): InboxData {
  if (delta === 0) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, total: Math.max(0, page.total + delta) })) };
}

function without(data: InboxData, id: string): { data: InboxData; found: ConversationItem | null } {
  let found: ConversationItem | null = null;
  const pages = data.pages.map((page) => {
    if (!page.items.some((row) => row.id === id)) return page;
    found = found ?? page.items.find((row) => row.id === id) ?? null;
    return { ...page, items: page.items.filter((row) => row.id !== id) };
  });
  return { data: { ...data, pages }, found };
}

function atTop(data: InboxData, row: ConversationItem): InboxData {
  const [first, ...rest] = data.pages;
  if (!first) return { ...data, pages: [{ items: [row], total: 1 }], pageParams: [0] };
  return { ...data, pages: [{ ...first, items: [row, ...first.items] }, ...rest] };
}

/** The row as the server sent it: out of its old place, and on top if it still belongs. */
export function placeRow(data: InboxData, row: ConversationItem, filters: InboxFilters): InboxData {
  const { data: rest, found } = without(data, row.id);
  const belongs = matchesFilters(row, filters);
  const moved = belongs ? atTop(rest, row) : rest;
  return withTotal(moved, (belongs ? 1 : 0) - (found ? 1 : 0));
}

/** Changes a row in place, or moves it to the top; `found` says whether the list had it. */
export function updateRow(
  data: InboxData,
  id: string,
  change: (row: ConversationItem) => ConversationItem,
  toTop = false,
): { data: InboxData; found: boolean } {
  const { data: rest, found } = without(data, id);
  if (!found) return { data, found: false };
  const changed = change(found);
  if (toTop) return { data: atTop(rest, changed), found: true };
  const pages = data.pages.map((page) => ({ ...page, items: page.items.map((row) => (row.id === id ? changed : row)) }));
  return { data: { ...data, pages }, found: true };
}
