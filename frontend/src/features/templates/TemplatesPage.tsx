// Document templates: pick one, edit its text (checked by the server on save), see the
// document it renders for a sample customer, and its saved versions.
"use client";

import { useEffect, useRef, useState } from "react";

import { ScaledFrame } from "@/components/ScaledFrame";
import { Badge, Button, Card, ErrorNotice, PageHeader, Select, Spinner } from "@/components/ui";
import { ApiError } from "@/lib/api";
import { useT } from "@/lib/i18n";

import { useSaveTemplate, useTemplate, useTemplateNames, useTemplatePreview } from "./api";
import { TemplateVersions } from "./TemplateVersions";
import { texts } from "./texts";

const KNOWN = ["base.html.j2", "offer.html.j2", "contract.html.j2", "invoice.html.j2"] as const;
const isKnown = (name: string): name is (typeof KNOWN)[number] => (KNOWN as readonly string[]).includes(name);

/** The line the server blamed: `details.line`, else «строка N» in its message. */
export function errorLine(error: unknown): number | null {
  if (!(error instanceof ApiError)) return null;
  const line = (error.details as { line?: unknown } | null)?.line;
  if (typeof line === "number") return line;
  const match = /строка (\d+)/.exec(error.message);
  return match ? Number(match[1]) : null;
}

export function TemplatesPage() {
  const t = useT(texts);
  const names = useTemplateNames();
  const [name, setName] = useState<string | null>(null);
  const selected = name ?? names.data?.find((n) => n.startsWith("offer")) ?? names.data?.[0] ?? null;

  return (
    <div className="space-y-4">
      <PageHeader
        title={t("nav_templates")}
        actions={
          names.data && (
            <Select aria-label={t("template")} value={selected ?? ""} onChange={(e) => setName(e.target.value)} data-testid="template-select">
              {names.data.map((n) => (
                <option key={n} value={n}>
                  {isKnown(n) ? `${t(`name_${n}`)} · ${n}` : n}
                </option>
              ))}
            </Select>
          )
        }
      />
      {names.isPending && <Spinner />}
      {names.isError && <ErrorNotice error={names.error} onRetry={() => void names.refetch()} />}
      {selected && <TemplateWorkspace key={selected} name={selected} />}
    </div>
  );
}

function TemplateWorkspace({ name }: { name: string }) {
  const t = useT(texts);
  const template = useTemplate(name);
  const save = useSaveTemplate(name);
  const [body, setBody] = useState<string | null>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const saved = template.data?.body;
  const draft = body !== null && saved !== undefined && body !== saved ? body : null;
  const { preview, isDraft } = useTemplatePreview(name, template.data?.version, draft);

  const lastPicture = useRef<string | undefined>(undefined); // kept while a draft does not render

  useEffect(() => {
    if (template.data) setBody(template.data.body);
  }, [template.data]);
  useEffect(() => {
    if (preview.data !== undefined) lastPicture.current = preview.data;
  }, [preview.data]);

  if (template.isPending) return <Spinner />;
  if (template.isError) return <ErrorNotice error={template.error} onRetry={() => void template.refetch()} />;
  const text = body ?? template.data.body;
  const dirty = draft !== null;
  const line = errorLine(save.error);
  const draftError = isDraft && preview.error instanceof ApiError && preview.error.code === "template_invalid" ? preview.error : null;
  const draftLine = errorLine(draftError);
  const picture = preview.data ?? (draftError ? lastPicture.current : undefined);

  const goToLine = (target: number) => {
    const area = editor.current;
    if (!area) return;
    const lines = text.split("\n");
    const start = lines.slice(0, target - 1).reduce((sum, l) => sum + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + (lines[target - 1]?.length ?? 0));
    area.scrollTop = Math.max(0, (target - 5) * 20);
  };

  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <div className="min-w-0 space-y-4">
        <Card
          title={t("editor")}
          actions={
            <span className="flex items-center gap-2">
              <Badge>{template.data.version === 0 ? t("version_shipped") : t("version_saved", { version: template.data.version })}</Badge>
              {dirty && <Badge tone="amber">{t("unsaved")}</Badge>}
            </span>
          }
        >
          <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">{t("editor_hint")}</p>
          <textarea
            ref={editor}
            value={text}
            onChange={(e) => {
              setBody(e.target.value);
              setSavedVersion(null);
              if (save.isError) save.reset(); // the live draft check takes over from the refused save
            }}
            spellCheck={false}
            aria-label={t("editor")}
            aria-invalid={save.isError || undefined}
            data-testid="template-editor"
            className="h-[32rem] w-full resize-y rounded-md border border-slate-300 bg-slate-50 p-2 font-mono text-xs leading-5 text-slate-900 focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 dark:border-slate-600 dark:bg-slate-950 dark:text-slate-100"
          />
          {save.isError && (
            <div role="alert" data-testid="template-error" className="mt-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200">
              <p className="font-medium">{t("save_error")}</p>
              <p>{save.error instanceof Error ? save.error.message : ""}</p>
              {line !== null && (
                <Button className="mt-2" onClick={() => goToLine(line)} data-testid="template-error-line">
                  {t("go_to_line", { line })}
                </Button>
              )}
            </div>
          )}
          {savedVersion !== null && !dirty && (
            <p role="status" className="mt-2 text-sm text-green-700 dark:text-green-400">
              {t("saved", { version: savedVersion })}
            </p>
          )}
          <div className="mt-3 flex justify-end gap-2">
            <Button disabled={!dirty || save.isPending} onClick={() => setBody(template.data.body)}>
              {t("reset")}
            </Button>
            <Button variant="primary" busy={save.isPending} disabled={!dirty} onClick={() => save.mutate(text, { onSuccess: (saved) => setSavedVersion(saved.version) })} data-testid="template-save">
              {t("save")}
            </Button>
          </div>
        </Card>
        <TemplateVersions name={name} current={template.data.version} onLoad={setBody} />
      </div>
      <Card
        title={t("preview")}
        className="min-w-0"
        actions={
          <span className="flex items-center gap-2">
            {isDraft && <Badge tone="amber">{t("preview_draft_badge")}</Badge>}
            {preview.isFetching && <Spinner small />}
          </span>
        }
      >
        <p className="mb-2 text-xs text-slate-500 dark:text-slate-400" data-testid="template-preview-hint">
          {isDraft ? t("preview_draft_hint") : t("preview_hint")}
        </p>
        {draftError && !save.isError && ( // a refused save already shows the same error
          <div role="alert" data-testid="template-draft-error" className="mb-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
            <p className="font-medium">{t("preview_draft_error")}</p>
            <p>{draftError.message}</p>
            {draftLine !== null && (
              <Button className="mt-2" onClick={() => goToLine(draftLine)}>
                {t("go_to_line", { line: draftLine })}
              </Button>
            )}
          </div>
        )}
        {!draftError && preview.isError && <ErrorNotice error={preview.error} onRetry={() => void preview.refetch()} />}
        {preview.isPending && !preview.isError && <Spinner />}
        {picture !== undefined && (
          // The server's HTML in a sandbox without scripts: it cannot touch the dashboard.
          <ScaledFrame height={704} title={t("preview_frame")} sandbox="" srcDoc={picture} data-testid="template-preview" className="rounded-md border border-slate-200 bg-white dark:border-slate-700" />
        )}
      </Card>
    </div>
  );
}
