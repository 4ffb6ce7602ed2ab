// Seller requisites used in documents: edited as one form, errors shown at their fields.
"use client";

import { useEffect, useState, type FormEvent } from "react";

import { Button, ErrorNotice, Spinner, TextInput } from "@/components/ui";

import { fieldErrors, useRequisites, useSaveRequisites } from "./api";
import type { SettingsT } from "./texts";
import { REQUISITE_FIELDS, type RequisiteField, type Requisites } from "./types";

/** Digit-only requisites and their allowed lengths (salesbot/documents/service.py, DIGITS). */
export const DIGITS: Partial<Record<RequisiteField, number[]>> = {
  inn: [10, 12],
  kpp: [9],
  ogrn: [13, 15],
  bik: [9],
  account: [20],
  corr_account: [20],
};
const WIDE: RequisiteField[] = ["name", "address", "bank", "director"];

export function checkRequisites(values: Record<RequisiteField, string>, t: SettingsT): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of REQUISITE_FIELDS) {
    const value = values[field].trim();
    const lengths = DIGITS[field];
    if (!value) errors[field] = t("field_required");
    else if (lengths && (!/^\d+$/.test(value) || !lengths.includes(value.length))) {
      errors[field] = t("field_digits", { lengths: lengths.join(" / ") });
    }
  }
  return errors;
}

const asStrings = (data: Requisites) =>
  Object.fromEntries(REQUISITE_FIELDS.map((field) => [field, data[field] ?? ""])) as Record<RequisiteField, string>;

export function RequisitesForm({ t }: { t: SettingsT }) {
  const query = useRequisites();
  const save = useSaveRequisites();
  const [values, setValues] = useState<Record<RequisiteField, string> | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (query.data && values === null) setValues(asStrings(query.data));
  }, [query.data, values]);

  if (query.isPending) return <Spinner />;
  if (query.isError) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;
  if (values === null) return <Spinner />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const local = checkRequisites(values, t);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    const body = Object.fromEntries(REQUISITE_FIELDS.map((field) => [field, values[field].trim()]));
    save.mutate(body, {
      onSuccess: (data) => {
        setValues(asStrings(data));
        setSaved(true);
      },
      onError: (error) => setErrors(fieldErrors(error)),
    });
  };

  const serverProblem = save.isError && Object.keys(fieldErrors(save.error)).length === 0;
  return (
    <form onSubmit={submit} noValidate data-testid="requisites-form" className="space-y-4">
      <p className="text-sm text-slate-600 dark:text-slate-300">{t("requisites_intro")}</p>
      <div className="grid gap-3 md:grid-cols-2">
        {REQUISITE_FIELDS.map((field) => (
          <div key={field} className={WIDE.includes(field) ? "md:col-span-2" : ""}>
            <TextInput
              label={t(`req_${field}`)}
              name={field}
              value={values[field]}
              error={errors[field]}
              inputMode={DIGITS[field] ? "numeric" : undefined}
              data-testid={`req-${field}`}
              onChange={(event) => {
                setValues({ ...values, [field]: event.target.value });
                setSaved(false);
              }}
            />
          </div>
        ))}
      </div>
      {Object.keys(errors).length > 0 && <p role="alert" className="text-sm text-red-600">{t("fix_fields")}</p>}
      {serverProblem && <ErrorNotice error={save.error} />}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" busy={save.isPending} data-testid="requisites-save">
          {save.isPending ? t("saving") : t("save")}
        </Button>
        {saved && <span className="text-sm text-green-700 dark:text-green-400">{t("saved")}</span>}
      </div>
    </form>
  );
}
