// Where our leads go in amoCRM: the pipeline, a stage per status and the deal fields. The
// pipelines come from amoCRM; while it is out of reach the ids are typed by hand.
"use client";

import { useState, type FormEvent } from "react";

import { Button, Select, Spinner, TextInput } from "@/components/ui";
import { errorMessage } from "@/lib/api";

import { bodyOf, checkDraft, draftOf, mappingErrors, pipelineOf, stagesOf, type MappingDraft, type MappingErrors } from "./amocrmMapping";
import { useAmoPipelines, useResetAmoMapping, useSaveAmoMapping } from "./api";
import { ConfirmDialog } from "./ConfirmDialog";
import type { SettingsT } from "./texts";
import { AMO_CARD_FIELDS, AMO_STATUSES, type AmoMapping, type AmoPipeline } from "./types";

function PipelineChoice({ pipelines, value, error, onChange, t }: { pipelines: AmoPipeline[] | null; value: string; error?: string; onChange: (value: string) => void; t: SettingsT }) {
  if (!pipelines) {
    return (
      <TextInput label={t("amo_pipeline")} value={value} error={error} inputMode="numeric" placeholder={t("amo_pipeline_placeholder")} onChange={(event) => onChange(event.target.value)} data-testid="amo-pipeline" />
    );
  }
  const main = pipelines.find((pipeline) => pipeline.is_main);
  const known = !value || pipelines.some((pipeline) => String(pipeline.id) === value);
  return (
    <Select label={t("amo_pipeline")} value={value} onChange={(event) => onChange(event.target.value)} data-testid="amo-pipeline">
      <option value="">{main ? t("amo_pipeline_main_named", { name: main.name }) : t("amo_pipeline_main")}</option>
      {pipelines.map((pipeline) => (
        <option key={pipeline.id} value={String(pipeline.id)}>
          {pipeline.is_main ? t("amo_pipeline_is_main", { name: pipeline.name }) : pipeline.name}
        </option>
      ))}
      {!known && <option value={value}>{t("amo_pipeline_missing", { id: value })}</option>}
    </Select>
  );
}

function StageChoice({ label, pipeline, value, error, onChange, testId, t }: { label: string; pipeline: AmoPipeline | null | undefined; value: string; error?: string; onChange: (value: string) => void; testId: string; t: SettingsT }) {
  if (pipeline === null) {
    return <TextInput label={label} value={value} error={error} inputMode="numeric" placeholder={t("amo_stage_placeholder")} onChange={(event) => onChange(event.target.value)} data-testid={testId} />;
  }
  const stages = stagesOf(pipeline);
  const known = !value || stages.some((stage) => String(stage.id) === value);
  return (
    <div>
      <Select label={label} value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={error ? true : undefined} data-testid={testId}>
        <option value="">{t("amo_stage_keep")}</option>
        {stages.map((stage) => (
          <option key={stage.id} value={String(stage.id)}>
            {stage.name}
          </option>
        ))}
        {!known && <option value={value}>{t("amo_stage_missing", { id: value })}</option>}
      </Select>
      {error && <span className="mt-1 block text-xs text-red-600">{error}</span>}
    </div>
  );
}

export function AmoCrmMapping({ t, mapping, connected }: { t: SettingsT; mapping: AmoMapping; connected: boolean }) {
  const pipelines = useAmoPipelines(connected);
  const save = useSaveAmoMapping();
  const reset = useResetAmoMapping();
  const [draft, setDraft] = useState<MappingDraft>(() => draftOf(mapping));
  const [errors, setErrors] = useState<MappingErrors>({});
  const [done, setDone] = useState<"saved" | "amo_reset_done" | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);

  const list = pipelines.data ?? null;
  // null: no list to choose from (type ids); undefined: the chosen pipeline is not in the list.
  const pipeline = list ? (pipelineOf(list, draft.pipeline) ?? undefined) : null;
  const edit = (next: MappingDraft) => {
    setDraft(next);
    setDone(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    save.reset();
    const local = checkDraft(draft, t);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    save.mutate(bodyOf(draft), {
      onSuccess: (saved) => {
        setDraft(draftOf(saved));
        setDone("saved");
      },
      onError: (error) => setErrors(mappingErrors(error, t)),
    });
  };

  const doReset = () =>
    reset.mutate(undefined, {
      onSuccess: (settings) => {
        setDraft(draftOf(settings));
        setErrors({});
        save.reset();
        setDone("amo_reset_done");
      },
      onSettled: () => setConfirmReset(false),
    });

  return (
    <form onSubmit={submit} noValidate className="space-y-5" data-testid="amo-mapping">
      <p className="text-sm text-slate-600 dark:text-slate-300">{t("amo_mapping_intro")}</p>
      {!connected && <p className="text-sm text-slate-500 dark:text-slate-400">{t("amo_pipelines_offline")}</p>}
      {pipelines.isLoading && <Spinner label={t("amo_pipelines_loading")} />}
      {pipelines.isError && (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" data-testid="amo-pipelines-error">
          <p>{errorMessage(pipelines.error)}</p>
          <p className="mt-1">{t("amo_pipelines_failed")}</p>
          <Button className="mt-2" onClick={() => void pipelines.refetch()}>
            {t("retry")}
          </Button>
        </div>
      )}
      {!pipelines.isLoading && (
        <>
          <div className="max-w-md">
            <PipelineChoice
              pipelines={list}
              value={draft.pipeline}
              error={errors.pipeline}
              t={t}
              // Stage ids belong to one pipeline: another pipeline starts from a clean slate.
              onChange={(value) => edit({ ...draft, pipeline: value, statuses: list ? draftOf({}).statuses : draft.statuses })}
            />
          </div>
          <fieldset className="space-y-2">
            <legend className="mb-2 text-sm font-medium text-slate-800 dark:text-slate-100">{t("amo_stages")}</legend>
            <div className="grid gap-3 md:grid-cols-2">
              {AMO_STATUSES.map((status) => (
                <StageChoice
                  key={status}
                  label={t(`status_${status}`)}
                  pipeline={pipeline}
                  value={draft.statuses[status]}
                  error={errors[`status:${status}`]}
                  onChange={(value) => edit({ ...draft, statuses: { ...draft.statuses, [status]: value } })}
                  testId={`amo-stage-${status}`}
                  t={t}
                />
              ))}
            </div>
            <p className="text-xs text-slate-500 dark:text-slate-400" data-testid="amo-won-lost">
              {t("amo_won_lost")}
            </p>
          </fieldset>
        </>
      )}
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-800 dark:text-slate-100">{t("amo_fields")}</legend>
        <div className="grid grid-cols-[minmax(0,12rem)_minmax(0,1fr)] items-start gap-x-3 gap-y-2 text-sm md:max-w-2xl">
          <span className="text-xs uppercase tracking-wide text-slate-500">{t("amo_card_field")}</span>
          <span className="text-xs uppercase tracking-wide text-slate-500">{t("amo_field_id")}</span>
          {AMO_CARD_FIELDS.map((field) => (
            <div key={field} className="contents">
              <label htmlFor={`amo-field-${field}`} className="pt-1.5 text-slate-700 dark:text-slate-200">
                {t(`amo_card_${field}`)}
              </label>
              <div>
                <TextInput
                  id={`amo-field-${field}`}
                  value={draft.fields[field]}
                  placeholder={t("amo_field_placeholder")}
                  error={errors[`field:${field}`]}
                  onChange={(event) => edit({ ...draft, fields: { ...draft.fields, [field]: event.target.value } })}
                  data-testid={`amo-field-${field}`}
                />
                {errors[`field:${field}`] && <span className="mt-1 block text-xs text-red-600">{errors[`field:${field}`]}</span>}
              </div>
            </div>
          ))}
        </div>
      </fieldset>
      {Object.keys(errors).length > 0 && !save.isError && (
        <p role="alert" className="text-sm text-red-600">
          {t("fix_fields")}
        </p>
      )}
      {save.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="amo-mapping-error">
          {errorMessage(save.error)}
        </p>
      )}
      {reset.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {errorMessage(reset.error)}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" busy={save.isPending} data-testid="amo-mapping-save">
          {save.isPending ? t("saving") : t("save")}
        </Button>
        <Button onClick={() => setConfirmReset(true)} disabled={reset.isPending} data-testid="amo-mapping-reset">
          {t("amo_reset")}
        </Button>
        {done && (
          <span role="status" className="text-sm text-green-700 dark:text-green-400">
            {t(done)}
          </span>
        )}
      </div>
      <ConfirmDialog
        open={confirmReset}
        title={t("amo_reset_title")}
        text={t("amo_reset_text")}
        confirmLabel={t("amo_reset")}
        busy={reset.isPending}
        onConfirm={doReset}
        onClose={() => setConfirmReset(false)}
      />
    </form>
  );
}
