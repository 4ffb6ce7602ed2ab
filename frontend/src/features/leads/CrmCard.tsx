// The lead's deal in the CRM: a link to it, its stage there, the last sync and, when the
// last sync failed, why (the job retries it by itself).
"use client";

import { Icon } from "@/components/Icon";
import { Card } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { texts } from "./texts";
import type { CrmState } from "./types";

const SERVICES: Record<string, string> = { amocrm: "amoCRM" };

/** A service's error as a sentence: trimmed, with a full stop when it has no ending of its own. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export function CrmCard({ crm }: { crm: CrmState }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const service = SERVICES[crm.service] ?? crm.service;
  const reason = crm.error && asSentence(crm.error);
  return (
    <div data-testid="lead-crm">
      <Card title={service}>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-500 dark:text-slate-400">{t("crm_deal")}</dt>
          <dd className="text-slate-900 dark:text-slate-100">
            {crm.url ? (
              <a
                href={crm.url}
                target="_blank"
                rel="noopener noreferrer"
                className="inline-flex items-center gap-1 text-brand-700 hover:underline dark:text-blue-300"
                data-testid="lead-crm-link"
              >
                {t("crm_open", { service })}
                <span aria-hidden="true">↗</span>
              </a>
            ) : (
              <span className="text-slate-500">{t("crm_no_deal")}</span>
            )}
          </dd>
          {crm.stage && (
            <>
              <dt className="text-slate-500 dark:text-slate-400">{t("crm_stage")}</dt>
              <dd className="text-slate-900 dark:text-slate-100" data-testid="lead-crm-stage">
                {crm.stage}
                {crm.moved_at && <span className="ml-1 text-xs text-slate-500">{t("crm_moved", { date: formatDateTime(crm.moved_at, language) })}</span>}
              </dd>
            </>
          )}
          <dt className="text-slate-500 dark:text-slate-400">{t("crm_synced")}</dt>
          <dd className="text-slate-900 dark:text-slate-100" data-testid="lead-crm-synced">
            {crm.synced_at ? formatDateTime(crm.synced_at, language) : t("crm_never_synced")}
          </dd>
        </dl>
        {reason && (
          <p
            className="mt-3 flex items-start gap-1.5 rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
            data-testid="lead-crm-error"
          >
            <Icon name="alert" className="mt-px h-3.5 w-3.5 shrink-0" />
            <span>
              {t("crm_failed", { service })} <span className="break-words">{reason}</span> {t("crm_will_retry")}
            </span>
          </p>
        )}
      </Card>
    </div>
  );
}
