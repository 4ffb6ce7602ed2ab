// Who changed the price list and when; any version opens read only.
"use client";

import { useState } from "react";

import { Badge, Button, Card, ErrorNotice, Spinner } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { usePriceVersion, usePriceVersions } from "./api";
import { fromData } from "./draft";
import { BasePriceGrid, CoefficientTables } from "./PriceTables";
import { texts } from "./texts";

export function PriceVersions({ current }: { current: number }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const versions = usePriceVersions();
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Card title={t("versions")}>
      {versions.isPending && <Spinner />}
      {versions.isError && <ErrorNotice error={versions.error} onRetry={() => void versions.refetch()} />}
      <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
        {versions.data?.map((version) => (
          <li key={version.version} data-testid="pricing-version" data-version={version.version} className="py-2">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div>
                <span className="font-medium text-slate-900 dark:text-slate-100">{t("version_line", { version: version.version })}</span>{" "}
                {version.version === current && <Badge tone="green">{t("in_force")}</Badge>}
                <div className="text-xs text-slate-500">
                  {t("by", { who: version.created_by, when: formatDateTime(version.created_at, language) })}
                  {version.note && ` · ${version.note}`}
                </div>
              </div>
              <Button variant="ghost" onClick={() => setOpen(open === version.version ? null : version.version)} data-testid="pricing-version-view">
                {open === version.version ? t("hide") : t("view")}
              </Button>
            </div>
            {open === version.version && <OldVersion version={version.version} />}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function OldVersion({ version }: { version: number }) {
  const t = useT(texts);
  const query = usePriceVersion(version);
  if (query.isPending) return <Spinner />;
  if (query.isError) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  const draft = fromData(query.data.data);
  return (
    <div data-testid="pricing-old-version" className="mt-2 space-y-3 rounded-md bg-slate-50 p-3 dark:bg-slate-800/50">
      <p className="text-xs font-medium text-slate-500">{t("old_version", { version })}</p>
      <BasePriceGrid draft={draft} data={query.data.data} />
      <CoefficientTables draft={draft} data={query.data.data} />
    </div>
  );
}
