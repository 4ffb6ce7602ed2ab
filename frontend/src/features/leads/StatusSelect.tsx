// A lead's status, changed in place; "lost" first asks why.
"use client";

import { useState } from "react";

import { Modal } from "@/components/Modal";
import { Button, Select } from "@/components/ui";
import { errorMessage } from "@/lib/api";
import { useT } from "@/lib/i18n";

import { useSetStatus } from "./api";
import { texts } from "./texts";
import { isLeadStatus, STATUSES } from "./types";

export function StatusSelect({ id, status, compact = false }: { id: string; status: string; compact?: boolean }) {
  const t = useT(texts);
  const change = useSetStatus();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");

  const pick = (next: string) => {
    if (next === status || !isLeadStatus(next)) return;
    if (next === "lost") {
      setReason("");
      setAsking(true);
      return;
    }
    change.mutate({ id, status: next });
  };
  const confirmLost = () => {
    const why = reason.trim();
    if (!why) return;
    change.mutate({ id, status: "lost", reason: why }, { onSuccess: () => setAsking(false) });
  };

  return (
    <div className={compact ? "min-w-[10rem]" : ""}>
      <Select
        aria-label={t("change_status")}
        data-testid="lead-status-select"
        value={status}
        disabled={change.isPending}
        onChange={(event) => pick(event.target.value)}
        onClick={(event) => event.stopPropagation()}
      >
        {STATUSES.map((value) => (
          <option key={value} value={value}>
            {t(`status_${value}`)}
          </option>
        ))}
      </Select>
      {change.isError && !asking && (
        <p role="alert" className="mt-1 text-xs text-red-700 dark:text-red-300">
          {t("status_failed")}: {errorMessage(change.error)}
        </p>
      )}
      <Modal
        open={asking}
        onClose={() => setAsking(false)}
        title={t("lost_title")}
        testId="lost-dialog"
        footer={
          <>
            <Button onClick={() => setAsking(false)}>{t("cancel")}</Button>
            <Button variant="danger" busy={change.isPending} disabled={!reason.trim()} onClick={confirmLost} data-testid="lost-confirm">
              {t("lost_confirm")}
            </Button>
          </>
        }
      >
        <label className="block text-sm">
          <span className="mb-1 block text-slate-600 dark:text-slate-300">{t("lost_reason")}</span>
          <textarea
            data-testid="lost-reason"
            className="w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
            rows={3}
            maxLength={500}
            placeholder={t("lost_reason_placeholder")}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            autoFocus
          />
        </label>
        {change.isError && (
          <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
            {errorMessage(change.error)}
          </p>
        )}
      </Modal>
    </div>
  );
}
