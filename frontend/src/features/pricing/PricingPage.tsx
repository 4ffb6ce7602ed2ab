// Prices and coefficients: edit the grids, watch a sample quote recompute with the unsaved
// list, save (one version per changed table or price), browse older versions.
"use client";

import { useEffect, useMemo, useState } from "react";

import { Button, Card, ErrorNotice, PageHeader, Spinner, TextInput } from "@/components/ui";
import { ApiError } from "@/lib/api";
import { useT } from "@/lib/i18n";

import { usePriceList, usePricePreview, useSavePrices } from "./api";
import { changes, fromData, serverErrors, toEdits, validate, type Draft, type FieldErrors } from "./draft";
import { BasePriceGrid, CoefficientTables } from "./PriceTables";
import { PriceVersions } from "./PriceVersions";
import { QuotePreview, sampleRequest, type SampleForm } from "./QuotePreview";
import { texts } from "./texts";
import type { PriceListOut } from "./types";

const SAMPLE: SampleForm = { product: "ai-manager", users: "30", integrations: "4", hosting: "cloud", sla: "99.5", deadline_days: "" };

export function PricingPage() {
  const current = usePriceList();
  if (current.isPending) return <Spinner />;
  if (current.isError) return <ErrorNotice error={current.error} onRetry={() => void current.refetch()} />;
  return <Editor saved={current.data} />;
}

function Editor({ saved }: { saved: PriceListOut }) {
  const t = useT(texts);
  const [draft, setDraft] = useState<Draft>(() => fromData(saved.data));
  const [form, setForm] = useState<SampleForm>(() => ({ ...SAMPLE, product: saved.data.products[0]?.code ?? SAMPLE.product }));
  const [note, setNote] = useState("");
  const [saveErrors, setSaveErrors] = useState<FieldErrors>({});
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  const save = useSavePrices();

  // A newer version in force (saved here or elsewhere) restarts the editor from it.
  useEffect(() => {
    setDraft(fromData(saved.data));
    setSaveErrors({});
  }, [saved.version, saved.data]);

  const clientErrors = useMemo(() => validate(draft), [draft]);
  const valid = Object.keys(clientErrors).length === 0;
  const pending = useMemo(() => changes(draft, saved.data), [draft, saved.data]);
  const changeCount = pending.tables.length + pending.prices.length;
  const preview = usePricePreview(valid ? toEdits(draft) : null, sampleRequest(form));
  const previewErrors = useMemo(
    () => (preview.error instanceof ApiError && preview.error.code === "invalid_price_list" ? serverErrors(preview.error.details) : {}),
    [preview.error],
  );

  const errorFor = (name: string): string | undefined => {
    const client = clientErrors[name];
    if (client) return t(`err_${client}`);
    return saveErrors[name] ?? previewErrors[name];
  };
  const edit = (next: Draft) => {
    setDraft(next);
    setSaveErrors({});
    setSavedVersion(null);
  };
  const submit = () =>
    save.mutate(
      { draft, note: note.trim() },
      {
        onSuccess: (result) => {
          setNote("");
          setSavedVersion(result.version);
        },
        onError: (error) => {
          if (error instanceof ApiError) setSaveErrors(serverErrors(error.details));
        },
      },
    );

  return (
    <div className="space-y-4">
      <PageHeader title={t("nav_pricing")} />
      <div className="grid gap-4 lg:grid-cols-[1fr_20rem]">
        <div className="min-w-0 space-y-4">
          <Card title={t("base_prices")}>
            <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">{t("base_hint")}</p>
            <BasePriceGrid draft={draft} data={saved.data} onChange={edit} errorFor={errorFor} />
          </Card>
          <Card title={t("coefficients")}>
            <CoefficientTables draft={draft} data={saved.data} onChange={edit} errorFor={errorFor} />
          </Card>
          <Card>
            <div className="flex flex-wrap items-end gap-3">
              <div className="min-w-[16rem] flex-1">
                <TextInput label={t("save_note")} placeholder={t("save_note_placeholder")} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} data-testid="pricing-note" />
              </div>
              <span className="text-sm text-slate-500">{changeCount ? t("changes_count", { count: changeCount }) : t("no_changes")}</span>
              <Button disabled={!changeCount || save.isPending} onClick={() => edit(fromData(saved.data))}>
                {t("reset")}
              </Button>
              <Button variant="primary" busy={save.isPending} disabled={!changeCount || !valid} onClick={submit} data-testid="pricing-save">
                {t("save_changes")}
              </Button>
            </div>
            {savedVersion !== null && !changeCount && (
              <p role="status" className="mt-2 text-sm text-green-700 dark:text-green-400">
                {t("saved_version", { version: savedVersion })}
              </p>
            )}
            {save.isError && !Object.keys(saveErrors).length && <div className="mt-2"><ErrorNotice error={save.error} /></div>}
            {save.isError && Object.keys(saveErrors).length > 0 && (
              <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
                {t("save_failed")}: {save.error instanceof Error ? save.error.message : ""}
              </p>
            )}
          </Card>
          <PriceVersions current={saved.version} />
        </div>
        <div className="lg:sticky lg:top-4 lg:self-start">
          <QuotePreview
            data={saved.data}
            form={form}
            onForm={setForm}
            result={preview.data}
            loading={preview.isFetching}
            error={Object.keys(previewErrors).length ? null : preview.error}
            blocked={!valid || Object.keys(previewErrors).length > 0}
            dirty={changeCount > 0}
          />
        </div>
      </div>
    </div>
  );
}
