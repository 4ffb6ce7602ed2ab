// The lead's history, oldest first: an icon for each kind of event, when and who.
"use client";

import { Icon, type IconName } from "@/components/Icon";
import { formatDateTime } from "@/lib/format";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { texts, type LeadsText } from "./texts";
import type { TimelineEntry } from "./types";

const ICONS: Record<string, IconName> = {
  lead_created: "plus",
  lead_status: "tag",
  quote: "calculator",
  document: "file",
  document_resent: "repeat",
  takeover: "user",
  release: "bot",
  handoff: "alert",
  first_message: "chat",
  last_message: "chat",
};

export const timelineIcon = (kind: string): IconName => ICONS[kind] ?? "dot";

const ACTORS = ["customer", "bot", "manager", "system"];

export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  if (entries.length === 0) return <p className="text-sm text-slate-500" data-testid="lead-timeline">{t("timeline_empty")}</p>;
  return (
    <ol className="relative space-y-3 border-l border-slate-200 pl-5 dark:border-slate-700" data-testid="lead-timeline">
      {entries.map((entry, index) => (
        <li key={`${entry.at}-${entry.kind}-${index}`} className="relative text-sm" data-kind={entry.kind}>
          <span
            aria-hidden="true"
            data-icon={timelineIcon(entry.kind)}
            className="absolute -left-[1.95rem] flex h-6 w-6 items-center justify-center rounded-full bg-white text-slate-600 ring-1 ring-slate-200 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-700"
          >
            <Icon name={timelineIcon(entry.kind)} className="h-3.5 w-3.5" />
          </span>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            <time dateTime={entry.at}>{formatDateTime(entry.at, language)}</time>
            {entry.actor && <span> · {ACTORS.includes(entry.actor) ? t(`actor_${entry.actor}` as LeadsText) : entry.actor}</span>}
          </p>
          <p className="text-slate-900 dark:text-slate-100">{entry.summary}</p>
        </li>
      ))}
    </ol>
  );
}
