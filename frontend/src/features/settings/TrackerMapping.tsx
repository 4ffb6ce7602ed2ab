// Where a task tracker puts the lead's card for each of our statuses: a place of its board
// per status, picked from the places the tracker lists (its lists, statuses, workflow
// states or options).
"use client";

import { useState, type FormEvent, type ReactNode } from "react";

import { Button, Select, Spinner } from "@/components/ui";

import { useSaveTrackerMapping, useTrackerStages } from "./api";
import type { SettingsT } from "./texts";
import { saveProblem, stageLabel, stagesProblem, trackerBodyOf, trackerDraftOf, type TrackerDraft, type TrackerProblem } from "./trackerDraft";
import { TRACKER_STATUSES, type Tracker, type TrackerStage, type TrackerStatus } from "./types";

function Problem({ problem, testId, children }: { problem: TrackerProblem; testId: string; children?: ReactNode }) {
  return (
    <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100" data-testid={testId}>
      <p>{problem.text}</p>
      {problem.details && <p className="mt-1 break-words text-xs opacity-80">{problem.details}</p>}
      {children}
    </div>
  );
}

function PlaceChoice({
  label,
  stages,
  value,
  error,
  onChange,
  testId,
  title,
  t,
}: {
  label: string;
  stages: TrackerStage[];
  value: string;
  error?: string;
  onChange: (value: string) => void;
  testId: string;
  title: string;
  t: SettingsT;
}) {
  const known = !value || stages.some((stage) => stage.id === value);
  return (
    <div>
      <Select label={label} value={value} onChange={(event) => onChange(event.target.value)} aria-invalid={error ? true : undefined} data-testid={testId}>
        <option value="">{t("tracker_keep")}</option>
        {stages.map((stage) => (
          <option key={stage.id} value={stage.id}>
            {stageLabel(stage, t)}
          </option>
        ))}
        {!known && <option value={value}>{t("tracker_stage_missing", { id: value, title })}</option>}
      </Select>
      {error && <span className="mt-1 block text-xs text-red-600 dark:text-red-400">{error}</span>}
    </div>
  );
}

/** The form, once the admin asked for it: the board's places first, then a choice per status.
 * `saved`: the row's "saved" notice is on; `onSaved` and `onEdit` switch it on and off. */
export function TrackerMapping({
  tracker,
  saved,
  onSaved,
  onEdit,
  onClose,
  t,
}: {
  tracker: Tracker;
  saved: boolean;
  onSaved: () => void;
  onEdit: () => void;
  onClose: () => void;
  t: SettingsT;
}) {
  const { name, title } = tracker;
  const stages = useTrackerStages(name, true);
  const save = useSaveTrackerMapping(name);
  const [draft, setDraft] = useState<TrackerDraft>(() => trackerDraftOf(tracker.mapping));
  const [problem, setProblem] = useState<TrackerProblem | null>(null);

  const stagesError = stages.isError && (
    <Problem problem={stagesProblem(stages.error, title, t)} testId={`tracker-${name}-stages-error`}>
      <Button className="mt-2" busy={stages.isFetching} onClick={() => void stages.refetch()}>
        {t("retry")}
      </Button>
    </Problem>
  );
  const places = stages.data;
  // No places yet: nothing to choose from. Places read before a failed re-read still serve.
  if (!places) return stagesError || <Spinner label={t("tracker_stages_loading", { title })} />;

  const choose = (status: TrackerStatus, value: string) => {
    setDraft({ ...draft, [status]: value });
    // A new choice answers the row's refusal; the message above stays until the next save.
    setProblem((found) => found && { ...found, fields: { ...found.fields, [status]: undefined } });
    onEdit();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    onEdit();
    save.mutate(trackerBodyOf(draft), {
      onSuccess: (mapping) => {
        setDraft(trackerDraftOf(mapping.statuses));
        onSaved();
      },
      onError: (error) => {
        const found = saveProblem(error, draft, places, title, t);
        setProblem(found);
        if (found.stale) void stages.refetch(); // the board changed: offer its places as they are now
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4" data-testid={`tracker-${name}-mapping`}>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t("tracker_mapping_intro", { title })}</p>
      {stagesError}
      {places.length === 0 && (
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-500 dark:text-slate-400">
          <span>{t("tracker_no_stages", { title })}</span>
          <Button variant="ghost" busy={stages.isFetching} onClick={() => void stages.refetch()}>
            {t("tracker_refresh")}
          </Button>
        </div>
      )}
      <div className="grid gap-3 md:grid-cols-2">
        {TRACKER_STATUSES.map((status) => (
          <PlaceChoice
            key={status}
            label={t(`status_${status}`)}
            stages={places}
            value={draft[status]}
            error={problem?.fields[status]}
            onChange={(value) => choose(status, value)}
            testId={`tracker-${name}-place-${status}`}
            title={title}
            t={t}
          />
        ))}
      </div>
      {problem && <Problem problem={problem} testId={`tracker-${name}-mapping-error`} />}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" busy={save.isPending} data-testid={`tracker-${name}-save`}>
          {save.isPending ? t("saving") : t("save")}
        </Button>
        <Button variant="ghost" onClick={onClose}>
          {t("cancel")}
        </Button>
        {saved && (
          <span role="status" className="text-sm text-green-700 dark:text-green-400">
            {t("saved")}
          </span>
        )}
      </div>
    </form>
  );
}
