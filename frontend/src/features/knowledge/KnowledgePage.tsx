// The knowledge base: upload and replace files, documents by category with their history,
// and a search playground.
"use client";

import { useMemo, useRef, useState } from "react";

import { Card, Empty, ErrorNotice, PageHeader, Spinner } from "@/components/ui";
import { useT } from "@/lib/i18n";

import { uploadDocument, useDeleteDocument, useDocuments, type Uploader } from "./api";
import { ConfirmDialog } from "./dialogs";
import { DocumentList, replaceName } from "./DocumentList";
import { HistoryDrawer } from "./HistoryDrawer";
import { SearchPlayground } from "./SearchPlayground";
import { texts } from "./texts";
import type { KbDocument } from "./types";
import { UploadPanel } from "./UploadPanel";
import { useUploads } from "./useUploads";

export function KnowledgePage({ uploader = uploadDocument }: { uploader?: Uploader }) {
  const t = useT(texts);
  const [showDeleted, setShowDeleted] = useState(false);
  const documents = useDocuments(showDeleted);
  const uploads = useUploads(uploader);
  const remove = useDeleteDocument();
  const [historyOf, setHistoryOf] = useState<KbDocument | null>(null);
  const [deleting, setDeleting] = useState<KbDocument | null>(null);
  const replaceInput = useRef<HTMLInputElement>(null);
  const [replacing, setReplacing] = useState<KbDocument | null>(null);

  const categories = useMemo(() => [...new Set((documents.data ?? []).map((d) => d.category).filter(Boolean))].sort(), [documents.data]);

  const startReplace = (document: KbDocument) => {
    setReplacing(document);
    replaceInput.current?.click(); // still inside the click: browsers open the picker
  };
  const replaceWith = (files: FileList | null) => {
    const file = files?.[0];
    const name = replacing ? replaceName(replacing) : null;
    if (file && replacing && name) {
      // Same category and file name → same key → a new version of this document.
      uploads.start([new File([file], name, { type: file.type })], replacing.category);
    }
    setReplacing(null);
  };

  return (
    <div className="space-y-4">
      <PageHeader title={t("nav_knowledge")} />
      <UploadPanel items={uploads.items} onFiles={uploads.start} onClear={uploads.clear} />
      <input ref={replaceInput} type="file" className="sr-only" tabIndex={-1} aria-hidden="true" data-testid="kb-replace-input" onChange={(e) => {
        replaceWith(e.target.files);
        e.target.value = "";
      }} />
      <Card
        title={t("documents_title")}
        actions={
          <label className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-300">
            <input type="checkbox" checked={showDeleted} onChange={(e) => setShowDeleted(e.target.checked)} data-testid="kb-show-deleted" />
            {t("show_deleted")}
          </label>
        }
      >
        {documents.isPending && <Spinner />}
        {documents.isError && <ErrorNotice error={documents.error} onRetry={() => void documents.refetch()} />}
        {documents.data?.length === 0 && <Empty>{t("no_documents")}</Empty>}
        {documents.data && documents.data.length > 0 && (
          <DocumentList documents={documents.data} onHistory={setHistoryOf} onDelete={setDeleting} onReplace={startReplace} />
        )}
      </Card>
      <SearchPlayground categories={categories} />
      <HistoryDrawer document={historyOf} onClose={() => setHistoryOf(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={t("delete_title")}
        confirm={t("delete")}
        busy={remove.isPending}
        onClose={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => {
          if (deleting) remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) });
        }}
      >
        <p>{t("delete_text", { title: deleting?.title ?? "" })}</p>
        {remove.isError && <div className="mt-2"><ErrorNotice error={remove.error} /></div>}
      </ConfirmDialog>
    </div>
  );
}
