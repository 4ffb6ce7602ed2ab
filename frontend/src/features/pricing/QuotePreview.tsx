// A sample brief and the three packages' totals, priced with the editor's unsaved list.
"use client";

import { Badge, Card, ErrorNotice, Select, Spinner, TextInput } from "@/components/ui";
import { formatMoney } from "@/lib/format";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { texts } from "./texts";
import { HOSTING, SLA, type PriceListData, type QuoteRequest, type QuoteResult } from "./types";

export interface SampleForm {
  product: string;
  users: string;
  integrations: string;
  hosting: QuoteRequest["hosting"];
  sla: QuoteRequest["sla"];
  deadline_days: string;
}

/** The form as a QuoteRequest, or null while a number is missing or out of range. */
export function sampleRequest(form: SampleForm): QuoteRequest | null {
  const int = (text: string, min: number, max: number) => (/^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max ? Number(text) : null);
  const users = int(form.users, 1, 100_000);
  const integrations = int(form.integrations, 0, 1_000);
  const deadline = form.deadline_days.trim() === "" ? null : int(form.deadline_days, 0, 3_650);
  if (users === null || integrations === null || (form.deadline_days.trim() !== "" && deadline === null)) return null;
  return { product: form.product, users, integrations, hosting: form.hosting, sla: form.sla, deadline_days: deadline };
}

export function QuotePreview({
  data,
  form,
  onForm,
  result,
  loading,
  error,
  blocked,
  dirty,
}: {
  data: PriceListData;
  form: SampleForm;
  onForm: (form: SampleForm) => void;
  result: QuoteResult | undefined;
  loading: boolean;
  error: unknown;
  blocked: boolean;
  dirty: boolean;
}) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const set = (change: Partial<SampleForm>) => onForm({ ...form, ...change });
  return (
    <Card title={t("preview_title")} actions={loading ? <Spinner small /> : dirty ? <Badge tone="amber">{t("preview_unsaved")}</Badge> : undefined}>
      <p className="mb-3 text-xs text-slate-500 dark:text-slate-400">{t("preview_hint")}</p>
      <div className="grid grid-cols-2 gap-2">
        <div className="col-span-2">
          <Select label={t("product")} value={form.product} onChange={(e) => set({ product: e.target.value })} data-testid="pricing-sample-product">
            {data.products.map((product) => (
              <option key={product.code} value={product.code}>
                {product.name}
              </option>
            ))}
          </Select>
        </div>
        <TextInput label={t("users")} inputMode="numeric" value={form.users} onChange={(e) => set({ users: e.target.value })} data-testid="pricing-sample-users" />
        <TextInput label={t("integrations")} inputMode="numeric" value={form.integrations} onChange={(e) => set({ integrations: e.target.value })} data-testid="pricing-sample-integrations" />
        <Select label={t("hosting")} value={form.hosting} onChange={(e) => set({ hosting: e.target.value as SampleForm["hosting"] })} data-testid="pricing-sample-hosting">
          {HOSTING.map((value) => (
            <option key={value} value={value}>
              {t(`hosting_${value}`)}
            </option>
          ))}
        </Select>
        <Select label={t("sla")} value={form.sla} onChange={(e) => set({ sla: e.target.value as SampleForm["sla"] })} data-testid="pricing-sample-sla">
          {SLA.map((value) => (
            <option key={value} value={value}>
              {t(`sla_${value}`)}
            </option>
          ))}
        </Select>
        <div className="col-span-2">
          <TextInput label={t("deadline_days")} placeholder={t("deadline_standard")} inputMode="numeric" value={form.deadline_days} onChange={(e) => set({ deadline_days: e.target.value })} data-testid="pricing-sample-deadline" />
        </div>
      </div>
      <div className="mt-4 space-y-2">
        {blocked && <p className="text-sm text-amber-700 dark:text-amber-300">{t("preview_fix")}</p>}
        {!blocked && error !== null && error !== undefined && <ErrorNotice error={error} />}
        {result?.packages.map((pkg) => (
          <div key={pkg.code} className={`rounded-md border p-2 ${pkg.code === result.recommended ? "border-brand-500" : "border-slate-200 dark:border-slate-700"} ${blocked ? "opacity-50" : ""}`}>
            <div className="flex items-center justify-between gap-2">
              <span className="font-medium text-slate-800 dark:text-slate-100">
                {pkg.name} {pkg.code === result.recommended && <Badge tone="green">{t("recommended")}</Badge>}
              </span>
              <span data-testid="pricing-preview-total" data-package={pkg.code} data-total={pkg.total} className="text-lg font-semibold tabular-nums text-slate-900 dark:text-white">
                {formatMoney(pkg.total, language)}
              </span>
            </div>
            {!pkg.available && pkg.unavailable_reason && <p className="text-xs text-slate-500">{t("unavailable", { reason: pkg.unavailable_reason })}</p>}
          </div>
        ))}
      </div>
    </Card>
  );
}
