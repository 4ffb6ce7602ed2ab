// The task trackers on the integrations tab: each one's state and what it misses, and for
// those switched on, the mapping of our statuses to its board's places and a way back to the
// settings' mapping.
"use client";

import { useState } from "react";

import { Badge, Button, Card, ErrorNotice, Spinner } from "@/components/ui";
import { errorMessage } from "@/lib/api";

import { useResetTrackerMapping, useTrackers } from "./api";
import { ConfirmDialog } from "./ConfirmDialog";
import type { SettingsT } from "./texts";
import { TrackerMapping } from "./TrackerMapping";
import { asSentence, mappingSignature, statusList, trackerState } from "./trackerDraft";
import type { Tracker } from "./types";

function TrackerItem({ tracker, t }: { tracker: Tracker; t: SettingsT }) {
  const { name, title, configured, problems, unmapped } = tracker;
  const reset = useResetTrackerMapping(name);
  const [open, setOpen] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);
  const [notice, setNotice] = useState<"saved" | "tracker_reset_done" | null>(null);
  const [resets, setResets] = useState(0);
  const state = trackerState(tracker);

  const doReset = () =>
    reset.mutate(undefined, {
      onSuccess: () => {
        setResets((count) => count + 1); // the open form starts again from the settings' mapping
        setNotice("tracker_reset_done");
      },
      onSettled: () => setConfirmReset(false),
    });

  return (
    <li className="rounded-md border border-slate-200 p-3 dark:border-slate-700" data-testid={`tracker-${name}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-900 dark:text-slate-100">{title}</h3>
        <span data-testid={`tracker-${name}-state`}>
          <Badge tone={state.tone}>{t(state.key)}</Badge>
        </span>
      </div>
      {problems.length > 0 && (
        <div className="mt-2 text-sm text-slate-700 dark:text-slate-200">
          <p className="text-slate-500 dark:text-slate-400">{t(configured ? "tracker_problems" : "tracker_setup")}</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5" data-testid={`tracker-${name}-problems`}>
            {problems.map((problem, index) => (
              <li key={index} className="break-words">
                {asSentence(problem)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {configured && unmapped.length > 0 && (
        <p className="mt-2 text-xs text-slate-500 dark:text-slate-400" data-testid={`tracker-${name}-unmapped`}>
          {t("tracker_unmapped", { statuses: statusList(unmapped, t) })}
        </p>
      )}
      {configured && (
        <div className="mt-3 space-y-3">
          <div className="flex flex-wrap items-center gap-2">
            <Button variant={open ? "secondary" : "primary"} aria-expanded={open} onClick={() => setOpen(!open)} data-testid={`tracker-${name}-map`}>
              {t("tracker_map")}
            </Button>
            <Button onClick={() => setConfirmReset(true)} disabled={reset.isPending} data-testid={`tracker-${name}-reset`}>
              {t("tracker_reset")}
            </Button>
            {notice === "tracker_reset_done" && (
              <span role="status" className="text-sm text-green-700 dark:text-green-400">
                {t(notice)}
              </span>
            )}
          </div>
          {reset.isError && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid={`tracker-${name}-reset-error`}>
              {errorMessage(reset.error)}
            </p>
          )}
          {open && (
            <TrackerMapping
              // A mapping changed elsewhere (saved, reset, read again) is the form's new start.
              key={`${resets}:${mappingSignature(tracker.mapping)}`}
              tracker={tracker}
              saved={notice === "saved"}
              onSaved={() => setNotice("saved")}
              onEdit={() => setNotice(null)}
              onClose={() => setOpen(false)}
              t={t}
            />
          )}
        </div>
      )}
      <ConfirmDialog
        open={confirmReset}
        title={t("tracker_reset_title", { title })}
        text={t("tracker_reset_text", { setting: `${name.toUpperCase()}_STATUS_MAP` })}
        confirmLabel={t("tracker_reset")}
        busy={reset.isPending}
        onConfirm={doReset}
        onClose={() => setConfirmReset(false)}
      />
    </li>
  );
}

export function TrackersPanel({ t }: { t: SettingsT }) {
  const query = useTrackers();
  return (
    <div data-testid="trackers-panel">
      <Card title={t("trackers_title")}>
        <div className="space-y-4">
          <p className="text-sm text-slate-600 dark:text-slate-300">{t("trackers_intro")}</p>
          {query.isPending ? (
            <Spinner />
          ) : query.isError ? (
            <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
          ) : (
            <ul className="space-y-3">
              {query.data.map((tracker) => (
                <TrackerItem key={tracker.name} tracker={tracker} t={t} />
              ))}
            </ul>
          )}
        </div>
      </Card>
    </div>
  );
}
