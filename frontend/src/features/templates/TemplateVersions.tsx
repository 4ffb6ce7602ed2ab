// Saved versions of a template: load one into the editor, or restore it (saved again as new).
"use client";

import { useState } from "react";

import { Modal } from "@/components/Modal";
import { Badge, Button, Card, Empty, ErrorNotice, Spinner } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { useSaveTemplate, useTemplateVersions, type TemplateVersion } from "./api";
import { texts } from "./texts";

export function TemplateVersions({ name, current, onLoad }: { name: string; current: number; onLoad: (body: string) => void }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const versions = useTemplateVersions(name);
  const save = useSaveTemplate(name);
  const [restoring, setRestoring] = useState<TemplateVersion | null>(null);
  return (
    <Card title={t("versions")}>
      {versions.isPending && <Spinner />}
      {versions.isError && <ErrorNotice error={versions.error} onRetry={() => void versions.refetch()} />}
      {versions.data?.length === 0 && <Empty>{t("no_versions")}</Empty>}
      <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
        {versions.data?.map((version) => (
          <li key={version.version} data-testid="template-version" data-version={version.version} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <div>
              <span className="font-medium text-slate-900 dark:text-slate-100">{t("version_saved", { version: version.version })}</span>{" "}
              {version.version === current && <Badge tone="green">{t("in_force")}</Badge>}
              <div className="text-xs text-slate-500">{t("by", { who: version.created_by, when: formatDateTime(version.created_at, language) })}</div>
            </div>
            <div className="flex gap-1">
              <Button variant="ghost" onClick={() => onLoad(version.body)} data-testid="template-version-load">
                {t("load")}
              </Button>
              {version.version !== current && (
                <Button variant="ghost" onClick={() => setRestoring(version)} data-testid="template-version-restore">
                  {t("restore")}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <Modal
        open={restoring !== null}
        onClose={() => {
          setRestoring(null);
          save.reset();
        }}
        title={t("restore_title", { version: restoring?.version ?? "" })}
        testId="template-restore-dialog"
        footer={
          <>
            <Button onClick={() => setRestoring(null)}>{t("cancel")}</Button>
            <Button
              variant="primary"
              busy={save.isPending}
              data-testid="template-restore-confirm"
              onClick={() => restoring && save.mutate(restoring.body, { onSuccess: () => setRestoring(null) })}
            >
              {t("restore")}
            </Button>
          </>
        }
      >
        <p className="text-sm text-slate-700 dark:text-slate-300">{t("restore_text", { version: restoring?.version ?? "" })}</p>
        {save.isError && (
          <div className="mt-2">
            <ErrorNotice error={save.error} />
          </div>
        )}
      </Modal>
    </Card>
  );
}
