// Documents grouped by category (collapsible), with their version, chunks, state and actions.
"use client";

import { useState } from "react";

import { Icon } from "@/components/Icon";
import { Badge, Button, type Tone } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { texts } from "./texts";
import type { IndexStatus, KbDocument } from "./types";

const INDEX_TONES: Record<IndexStatus, Tone> = { indexed: "green", pending: "blue", failed: "red", inactive: "gray" };

/** Documents by category, categories in alphabetical order, the uncategorised last. */
export function groupByCategory(documents: KbDocument[]): [string, KbDocument[]][] {
  const groups = new Map<string, KbDocument[]>();
  for (const document of documents) groups.set(document.category, [...(groups.get(document.category) ?? []), document]);
  return [...groups.entries()].sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b, "ru")));
}

/** Whether an upload can hit this document's key: the API names uploads `category/file`. */
export function replaceName(document: KbDocument): string | null {
  const name = document.source_key.split("/").pop() ?? "";
  const key = document.category ? `${document.category}/${name}` : name;
  return name && key === document.source_key ? name : null;
}

export function DocumentList({
  documents,
  onHistory,
  onDelete,
  onReplace,
}: {
  documents: KbDocument[];
  onHistory: (document: KbDocument) => void;
  onDelete: (document: KbDocument) => void;
  onReplace: (document: KbDocument) => void;
}) {
  const t = useT(texts);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const toggle = (category: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(category)) next.delete(category);
      else next.add(category);
      return next;
    });

  return (
    <div className="space-y-3">
      {groupByCategory(documents).map(([category, rows]) => {
        const open = !collapsed.has(category);
        return (
          <section key={category} data-testid="kb-group" data-category={category} className="overflow-hidden rounded-lg border border-slate-200 dark:border-slate-700">
            <button
              type="button"
              aria-expanded={open}
              onClick={() => toggle(category)}
              className="flex w-full items-center justify-between bg-slate-50 px-3 py-2 text-left text-sm font-semibold text-slate-700 hover:bg-slate-100 dark:bg-slate-800 dark:text-slate-200 dark:hover:bg-slate-700"
            >
              <span className="inline-flex items-center gap-1">
                <Icon name={open ? "chevronDown" : "chevronRight"} />
                {category || t("no_category")}
              </span>
              <span className="text-xs font-normal text-slate-500">{rows.length}</span>
            </button>
            {open && (
              <div className="overflow-x-auto">
                <table className="w-full text-sm">
                  <thead className="text-left text-xs uppercase text-slate-500">
                    <tr>
                      <th className="px-3 py-2 font-medium">{t("col_document")}</th>
                      <th className="px-3 py-2 font-medium">{t("col_version")}</th>
                      <th className="px-3 py-2 font-medium">{t("col_chunks")}</th>
                      <th className="px-3 py-2 font-medium">{t("col_updated")}</th>
                      <th className="px-3 py-2 font-medium">{t("col_state")}</th>
                      <th className="px-3 py-2" />
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((document) => (
                      <DocumentRow key={document.id} document={document} onHistory={onHistory} onDelete={onDelete} onReplace={onReplace} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}

function DocumentRow({
  document,
  onHistory,
  onDelete,
  onReplace,
}: {
  document: KbDocument;
  onHistory: (document: KbDocument) => void;
  onDelete: (document: KbDocument) => void;
  onReplace: (document: KbDocument) => void;
}) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const replaceable = replaceName(document) !== null;
  return (
    <tr data-testid="kb-document-row" data-key={document.source_key} className={`border-t border-slate-100 dark:border-slate-800 ${document.is_active ? "" : "opacity-60"}`}>
      <td className="px-3 py-2">
        <div className="font-medium text-slate-900 dark:text-slate-100">{document.title}</div>
        <div className="text-xs text-slate-500">{document.source_key}</div>
      </td>
      <td className="px-3 py-2">{document.active_version ?? "—"}</td>
      <td className="px-3 py-2">{document.chunks}</td>
      <td className="whitespace-nowrap px-3 py-2">{formatDateTime(document.updated_at, language)}</td>
      <td className="space-x-1 whitespace-nowrap px-3 py-2">
        <Badge tone={document.is_active ? "green" : "gray"}>{t(document.is_active ? "state_active" : "state_deleted")}</Badge>
        {document.is_active && (
          <Badge tone={INDEX_TONES[document.index_status]} title={document.index_error ?? undefined}>
            <span data-testid="kb-index-status" data-status={document.index_status}>{t(`index_${document.index_status}`)}</span>
          </Badge>
        )}
        {document.index_error && <p className="mt-1 whitespace-normal text-xs text-red-700 dark:text-red-300">{document.index_error}</p>}
      </td>
      <td className="whitespace-nowrap px-3 py-2 text-right">
        <Button variant="ghost" onClick={() => onHistory(document)} data-testid="kb-history-open">
          {t("history")}
        </Button>
        <Button variant="ghost" disabled={!replaceable} title={replaceable ? undefined : t("replace_unavailable")} onClick={() => onReplace(document)} data-testid="kb-replace">
          {t("replace")}
        </Button>
        {document.is_active && (
          <Button variant="ghost" className="text-red-600 dark:text-red-400" onClick={() => onDelete(document)} data-testid="kb-delete">
            {t("delete")}
          </Button>
        )}
      </td>
    </tr>
  );
}
