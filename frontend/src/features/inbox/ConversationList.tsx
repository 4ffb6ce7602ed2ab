// The left column of the inbox: filters, search and the live list of conversations.
"use client";

import { useEffect, useState } from "react";

import { ChannelBadge, ChannelSelect } from "@/components/Channel";
import { Icon, type IconName } from "@/components/Icon";
import { Badge, Button, ErrorNotice, Select, Spinner, TextInput } from "@/components/ui";
import { useChannelLabel } from "@/lib/channels";
import { formatShortTime } from "@/lib/format";
import { useT, type Translate } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { flattenRows, useConversations } from "./api";
import { HANDOFF_REASONS, STAGES, texts, type InboxText } from "./texts";
import type { ConversationItem, InboxFilters } from "./types";

export const SEARCH_DELAY_MS = 350;

/**
 * The contact's name, or "Посетитель · Сайт #1a2b3c" when the bot has not learnt it;
 * `channelLabel` names the channel (useChannelLabel()).
 */
export function displayName(
  row: { id: string; contact_name: string | null; channel: string },
  t: Translate<InboxText>,
  channelLabel: (code: string) => string,
): string {
  if (row.contact_name?.trim()) return row.contact_name;
  return `${t("guest")} · ${channelLabel(row.channel)} #${row.id.replace(/-/g, "").slice(0, 6)}`;
}

export function handoffReason(reason: string | null | undefined, t: Translate<InboxText>): string {
  if (!reason) return "";
  return (HANDOFF_REASONS as readonly string[]).includes(reason) ? t(`handoff_${reason}` as InboxText) : reason;
}

const AUTHOR_ICON: Record<string, IconName> = { bot: "bot", manager: "user", system: "info" };

function Row({ row, selected, onSelect }: { row: ConversationItem; selected: boolean; onSelect: (id: string) => void }) {
  const t = useT(texts);
  const channelLabel = useChannelLabel();
  const language = usePreferences((state) => state.language);
  const reason = handoffReason(row.handoff_reason, t);
  const highlight = row.handoff_requested
    ? "border-l-4 border-l-red-500 bg-red-50 dark:bg-red-950/40"
    : "border-l-4 border-l-transparent";
  const when = row.last_message?.created_at ?? row.last_message_at;
  const author = row.last_message ? AUTHOR_ICON[row.last_message.author] : undefined;
  return (
    <li>
      <button
        type="button"
        data-testid="inbox-row"
        data-conversation-id={row.id}
        data-handoff={row.handoff_requested || undefined}
        aria-current={selected || undefined}
        onClick={() => onSelect(row.id)}
        className={`block w-full border-b border-slate-100 px-3 py-2 text-left text-sm transition hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800 ${highlight} ${selected ? "bg-brand-50 dark:bg-slate-800" : ""}`}
      >
        <span className="flex items-center gap-2">
          <span className={`min-w-0 flex-1 truncate ${row.unread > 0 ? "font-semibold" : "font-medium"} text-slate-900 dark:text-slate-100`}>
            {displayName(row, t, channelLabel)}
          </span>
          <span className="shrink-0 text-xs text-slate-500 dark:text-slate-400">{when ? formatShortTime(when, new Date(), language) : ""}</span>
        </span>
        <span className="mt-1 flex flex-wrap items-center gap-1">
          <ChannelBadge code={row.channel} />
          <Badge>{t(`stage_${row.stage}` as InboxText)}</Badge>
          {row.owner === "human" && <Badge tone="green">{t("owner_human")}</Badge>}
          {row.handoff_requested && (
            <span data-testid="handoff-badge">
              <Badge tone="red" title={reason}>
                <Icon name="alert" className="mr-1 h-3.5 w-3.5" />
                {t("handoff_badge")}
                {reason ? `: ${reason}` : ""}
              </Badge>
            </span>
          )}
          {row.undelivered > 0 && (
            <span data-testid="undelivered-badge">
              <Badge tone="red">{t("undelivered_count", { count: row.undelivered })}</Badge>
            </span>
          )}
        </span>
        <span className="mt-1 flex items-center gap-2">
          <span className="flex min-w-0 flex-1 items-center gap-1 text-slate-600 dark:text-slate-300">
            {author && <Icon name={author} className="h-3.5 w-3.5" />}
            <span className="truncate">{row.last_message?.text ?? ""}</span>
          </span>
          {row.unread > 0 && (
            <span
              data-testid="unread-count"
              aria-label={t("unread_count", { count: row.unread })}
              className="shrink-0 rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white"
            >
              {row.unread}
            </span>
          )}
        </span>
      </button>
    </li>
  );
}

export function ConversationList({
  filters,
  onFilters,
  selectedId,
  onSelect,
}: {
  filters: InboxFilters;
  onFilters: (filters: InboxFilters) => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const t = useT(texts);
  const [search, setSearch] = useState(filters.q ?? "");
  const list = useConversations(filters);
  const rows = flattenRows(list.data);
  const total = list.data?.pages.at(-1)?.total ?? 0;

  useEffect(() => {
    const value = search.trim();
    if (value === (filters.q ?? "")) return;
    const timer = setTimeout(() => onFilters({ ...filters, q: value || undefined }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, filters, onFilters]);

  const set = (patch: InboxFilters) => onFilters({ ...filters, ...patch });

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="space-y-2 border-b border-slate-200 p-3 dark:border-slate-700">
        <TextInput
          type="search"
          data-testid="inbox-search"
          aria-label={t("search")}
          placeholder={t("search_placeholder")}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <div className="grid grid-cols-3 gap-2">
          <ChannelSelect
            aria-label={t("filter_channel")}
            allLabel={t("filter_channel")}
            value={filters.channel ?? ""}
            onChange={(e) => set({ channel: e.target.value || undefined })}
            data-testid="inbox-filter-channel"
          />
          <Select aria-label={t("filter_stage")} value={filters.stage ?? ""} onChange={(e) => set({ stage: e.target.value || undefined })} data-testid="inbox-filter-stage">
            <option value="">{t("filter_stage")}</option>
            {STAGES.map((stage) => (
              <option key={stage} value={stage}>
                {t(`stage_${stage}`)}
              </option>
            ))}
          </Select>
          <Select
            aria-label={t("filter_owner")}
            value={filters.owner ?? ""}
            onChange={(e) => set({ owner: (e.target.value || undefined) as InboxFilters["owner"] })}
            data-testid="inbox-filter-owner"
          >
            <option value="">{t("filter_owner")}</option>
            <option value="bot">{t("owner_bot")}</option>
            <option value="human">{t("owner_human")}</option>
          </Select>
        </div>
        <div className="flex flex-wrap gap-4 text-sm text-slate-700 dark:text-slate-200">
          <label className="inline-flex items-center gap-1.5">
            <input type="checkbox" checked={Boolean(filters.handoff)} onChange={(e) => set({ handoff: e.target.checked || undefined })} data-testid="inbox-filter-handoff" />
            {t("filter_handoff")}
          </label>
          <label className="inline-flex items-center gap-1.5">
            <input type="checkbox" checked={Boolean(filters.unread)} onChange={(e) => set({ unread: e.target.checked || undefined })} data-testid="inbox-filter-unread" />
            {t("filter_unread")}
          </label>
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto" data-testid="inbox-list">
        {list.isPending ? (
          <div className="p-4">
            <Spinner />
          </div>
        ) : list.isError ? (
          <div className="p-3">
            <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
          </div>
        ) : rows.length === 0 ? (
          <p className="p-6 text-center text-sm text-slate-500">{t("no_conversations")}</p>
        ) : (
          <ul aria-label={t("nav_inbox")}>
            {rows.map((row) => (
              <Row key={row.id} row={row} selected={row.id === selectedId} onSelect={onSelect} />
            ))}
          </ul>
        )}
        {list.hasNextPage && (
          <div className="p-3 text-center">
            <Button onClick={() => void list.fetchNextPage()} busy={list.isFetchingNextPage} data-testid="inbox-more">
              {t("load_more")}
            </Button>
          </div>
        )}
        {rows.length > 0 && <p className="px-3 pb-3 text-center text-xs text-slate-400">{t("page_of", { from: 1, to: rows.length, total: Math.max(total, rows.length) })}</p>}
      </div>
    </div>
  );
}
