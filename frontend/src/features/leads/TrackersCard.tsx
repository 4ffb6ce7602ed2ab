// The lead's cards on the task trackers: a link to each, the last sync and, when the last
// sync failed, why (the job retries it by itself). Nothing while the lead has no cards.
"use client";

import { Icon } from "@/components/Icon";
import { Card } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { asSentence } from "./CrmCard";
import { texts } from "./texts";
import type { TrackerCard } from "./types";

/** The trackers' own names (salesbot/integrations/trackers, `title`); an unknown one is shown as stored. */
const TRACKERS: Record<string, string> = { trello: "Trello", clickup: "ClickUp", shortcut: "Shortcut", github: "GitHub Projects" };

export const trackerName = (service: string): string => TRACKERS[service] ?? service;

function TrackerRow({ card }: { card: TrackerCard }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const service = trackerName(card.service);
  const reason = card.error && asSentence(card.error);
  return (
    <li className="border-b border-slate-100 py-2 first:pt-0 last:border-0 last:pb-0 dark:border-slate-800" data-testid={`lead-tracker-${card.service}`}>
      <p className="mb-1 text-sm font-medium text-slate-900 dark:text-slate-100">{service}</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500 dark:text-slate-400">{t("tracker_card")}</dt>
        <dd className="text-slate-900 dark:text-slate-100">
          {card.url ? (
            <a
              href={card.url}
              target="_blank"
              rel="noopener noreferrer"
              className="inline-flex items-center gap-1 text-brand-700 hover:underline dark:text-blue-300"
              data-testid="lead-tracker-link"
            >
              {t("tracker_open")}
              <span aria-hidden="true">↗</span>
            </a>
          ) : (
            <span className="text-slate-500">{t("tracker_no_card")}</span>
          )}
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">{t("tracker_synced")}</dt>
        <dd className="text-slate-900 dark:text-slate-100" data-testid="lead-tracker-synced">
          {card.synced_at ? formatDateTime(card.synced_at, language) : t("tracker_never_synced")}
        </dd>
      </dl>
      {reason && (
        <p
          className="mt-2 flex items-start gap-1.5 rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          data-testid="lead-tracker-error"
        >
          <Icon name="alert" className="mt-px h-3.5 w-3.5 shrink-0" />
          <span>
            {t("tracker_failed", { service })} <span className="break-words">{reason}</span> {t("tracker_will_retry")}
          </span>
        </p>
      )}
    </li>
  );
}

export function TrackersCard({ cards }: { cards: TrackerCard[] }) {
  const t = useT(texts);
  if (cards.length === 0) return null;
  return (
    <div data-testid="lead-trackers">
      <Card title={t("section_trackers")}>
        <ul>
          {cards.map((card) => (
            <TrackerRow key={card.service} card={card} />
          ))}
        </ul>
      </Card>
    </div>
  );
}
