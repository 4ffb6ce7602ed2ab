// Drag-and-drop or pick files, choose a category, watch each file's progress and result.
"use client";

import { useRef, useState, type DragEvent } from "react";

import { Icon } from "@/components/Icon";
import { Badge, Button, Card, TextInput } from "@/components/ui";
import { useT } from "@/lib/i18n";

import { texts } from "./texts";
import type { UploadItem } from "./useUploads";

export function UploadPanel({ items, onFiles, onClear }: { items: UploadItem[]; onFiles: (files: File[], category: string) => void; onClear: () => void }) {
  const t = useT(texts);
  const input = useRef<HTMLInputElement>(null);
  const [category, setCategory] = useState("");
  const [over, setOver] = useState(false);

  const take = (list: FileList | null) => {
    const files = Array.from(list ?? []);
    if (files.length) onFiles(files, category.trim());
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    take(event.dataTransfer.files);
  };
  const finished = items.some((item) => item.state === "done" || item.state === "failed");

  return (
    <Card title={t("upload_title")} actions={finished ? <Button variant="ghost" onClick={onClear}>{t("close")}</Button> : undefined}>
      <div className="grid gap-3 md:grid-cols-[12rem_1fr]">
        <TextInput label={t("upload_category")} placeholder={t("upload_category_placeholder")} value={category} maxLength={100} onChange={(e) => setCategory(e.target.value)} data-testid="kb-upload-category" />
        <div
          data-testid="kb-dropzone"
          onDragOver={(event) => {
            event.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={drop}
          className={`flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed p-5 text-center text-sm ${over ? "border-brand-500 bg-brand-50 dark:bg-slate-800" : "border-slate-300 dark:border-slate-600"}`}
        >
          <p className="text-slate-700 dark:text-slate-200">{t("upload_drop")}</p>
          <Button variant="primary" onClick={() => input.current?.click()}>{t("upload_pick")}</Button>
          <input
            ref={input}
            type="file"
            multiple
            className="sr-only"
            accept=".md,.markdown,.txt,.html,.htm,.pdf,.docx"
            data-testid="kb-upload-input"
            aria-label={t("upload_pick")}
            onChange={(event) => {
              take(event.target.files);
              event.target.value = "";
            }}
          />
          <p className="text-xs text-slate-500">{t("upload_types")}</p>
        </div>
      </div>
      <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">{t("upload_replace_hint")}</p>
      {items.length > 0 && (
        <ul className="mt-3 space-y-2" aria-live="polite">
          {items.map((item) => (
            <UploadRow key={item.id} item={item} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function UploadRow({ item }: { item: UploadItem }) {
  const t = useT(texts);
  const percent = Math.round(item.progress * 100);
  const vars = { version: item.result?.version ?? "—", chunks: item.result?.chunks ?? 0, percent };
  let line: string;
  if (item.state === "failed") line = item.error ?? "";
  else if (item.state === "done" && item.result) line = t(`result_${item.result.status === "failed" ? "unchanged" : item.result.status}`, vars);
  else if (item.state === "uploading") line = percent >= 100 ? t("result_indexing") : t("result_uploading", vars);
  else line = t("result_waiting");
  const status = item.state === "done" ? item.result?.status : item.state;
  return (
    <li data-testid="kb-upload-result" data-status={status} data-name={item.name} className="rounded-md border border-slate-200 p-2 text-sm dark:border-slate-700">
      <div className="flex items-center justify-between gap-2">
        <span className="truncate font-medium text-slate-800 dark:text-slate-100">
          {item.category ? `${item.category}/` : ""}
          {item.name}
        </span>
        {item.state === "done" && (
          <Badge tone={item.result?.status === "unchanged" ? "gray" : "green"} title={line}>
            <Icon name="check" className="h-3.5 w-3.5" />
          </Badge>
        )}
        {item.state === "failed" && <Badge tone="red">!</Badge>}
      </div>
      <div
        role="progressbar"
        aria-label={item.name}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="mt-1 h-1.5 overflow-hidden rounded bg-slate-100 dark:bg-slate-800"
      >
        <div className={`h-full ${item.state === "failed" ? "bg-red-500" : "bg-brand-500"} transition-all`} style={{ width: `${percent}%` }} />
      </div>
      <p className={`mt-1 text-xs ${item.state === "failed" ? "text-red-700 dark:text-red-300" : "text-slate-600 dark:text-slate-300"}`}>{line}</p>
    </li>
  );
}
