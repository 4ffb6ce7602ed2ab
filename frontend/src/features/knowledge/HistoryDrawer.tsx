// A document's versions (restore any) and its change log, in a side drawer.
"use client";

import { Badge, Button, ErrorNotice, Spinner } from "@/components/ui";
import { formatDateTime, formatNumber } from "@/lib/format";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { useHistory, useRestoreVersion } from "./api";
import { Drawer } from "./dialogs";
import { texts } from "./texts";
import type { KbDocument } from "./types";

const ACTIONS = ["added", "updated", "reactivated", "deleted", "deactivated", "restored"] as const;

export function HistoryDrawer({ document, onClose }: { document: KbDocument | null; onClose: () => void }) {
  const t = useT(texts);
  return (
    <Drawer open={document !== null} title={document ? `${t("history_title")}: ${document.title}` : ""} onClose={onClose}>
      {document && <HistoryContent id={document.id} />}
    </Drawer>
  );
}

function HistoryContent({ id }: { id: string }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const history = useHistory(id);
  const restore = useRestoreVersion(id);
  if (history.isPending) return <Spinner />;
  if (history.isError) return <ErrorNotice error={history.error} onRetry={() => void history.refetch()} />;
  const { document, versions, changes } = history.data;
  return (
    <div className="space-y-5 text-sm">
      <section>
        <h3 className="mb-2 font-semibold text-slate-700 dark:text-slate-200">{t("versions")}</h3>
        {restore.isError && <ErrorNotice error={restore.error} />}
        <ul className="divide-y divide-slate-100 dark:divide-slate-800">
          {versions.map((version) => {
            const current = document.is_active && document.active_version === version.number;
            return (
              <li key={version.number} data-testid="kb-version" data-number={version.number} className="flex items-center justify-between gap-2 py-2">
                <div>
                  <div className="font-medium text-slate-900 dark:text-slate-100">
                    v{version.number} · {version.title} {current && <Badge tone="green">{t("current")}</Badge>}
                  </div>
                  <div className="text-xs text-slate-500">
                    {formatDateTime(version.created_at, language)} · {version.file_type.toUpperCase()} · {t("size_kb", { size: formatNumber(Math.max(1, Math.round(version.size_bytes / 1024)), language) })}
                  </div>
                </div>
                {!current && (
                  <Button busy={restore.isPending && restore.variables === version.number} onClick={() => restore.mutate(version.number)} data-testid="kb-restore">
                    {t("restore")}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <section>
        <h3 className="mb-2 font-semibold text-slate-700 dark:text-slate-200">{t("changes")}</h3>
        <ol className="space-y-1">
          {[...changes].reverse().map((change, index) => (
            <li key={index} className="text-slate-700 dark:text-slate-300">
              <span className="text-xs text-slate-500">{formatDateTime(change.created_at, language)}</span>{" "}
              {(ACTIONS as readonly string[]).includes(change.action) ? t(`action_${change.action as (typeof ACTIONS)[number]}`) : change.action}
              {change.version !== null && ` v${change.version}`} · {change.actor}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
