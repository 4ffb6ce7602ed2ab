// A yes/no question before an action that changes someone's access.
"use client";

import { Dialog, DialogPanel, DialogTitle } from "@headlessui/react";

import { Button } from "@/components/ui";
import { useT } from "@/lib/i18n";

export function ConfirmDialog({
  open,
  title,
  text,
  confirmLabel,
  danger = false,
  busy = false,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  text: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} className="relative z-50">
      <div className="fixed inset-0 bg-black/40" aria-hidden="true" />
      <div className="fixed inset-0 flex items-center justify-center p-4">
        <DialogPanel className="w-full max-w-md rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900" data-testid="confirm-dialog">
          <DialogTitle className="text-base font-semibold text-slate-900 dark:text-slate-100">{title}</DialogTitle>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">{text}</p>
          <div className="mt-4 flex justify-end gap-2">
            <Button onClick={onClose}>{t("cancel")}</Button>
            <Button variant={danger ? "danger" : "primary"} busy={busy} onClick={onConfirm} data-testid="confirm-yes">
              {confirmLabel}
            </Button>
          </div>
        </DialogPanel>
      </div>
    </Dialog>
  );
}
