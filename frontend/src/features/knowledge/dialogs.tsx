// The knowledge page's overlays (Headless UI): a confirmation and a side drawer.
"use client";

import { Dialog, DialogPanel, DialogTitle } from "@headlessui/react";
import type { ReactNode } from "react";

import { Button } from "@/components/ui";
import { useT } from "@/lib/i18n";

import { texts } from "./texts";

export function ConfirmDialog({
  open,
  title,
  children,
  confirm,
  busy,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirm: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useT(texts);
  return (
    <Dialog open={open} onClose={onClose} className="relative z-50">
      <div className="fixed inset-0 bg-black/40" aria-hidden="true" />
      <div className="fixed inset-0 flex items-center justify-center p-4">
        <DialogPanel data-testid="confirm-dialog" className="w-full max-w-md rounded-lg bg-white p-5 shadow-xl dark:bg-slate-900">
          <DialogTitle className="text-base font-semibold text-slate-900 dark:text-slate-100">{title}</DialogTitle>
          <div className="mt-2 text-sm text-slate-600 dark:text-slate-300">{children}</div>
          <div className="mt-4 flex justify-end gap-2">
            <Button onClick={onClose}>{t("cancel")}</Button>
            <Button variant="danger" busy={busy} onClick={onConfirm} data-testid="confirm-ok">
              {confirm}
            </Button>
          </div>
        </DialogPanel>
      </div>
    </Dialog>
  );
}

export function Drawer({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const t = useT(texts);
  return (
    <Dialog open={open} onClose={onClose} className="relative z-50">
      <div className="fixed inset-0 bg-black/40" aria-hidden="true" />
      <div className="fixed inset-y-0 right-0 flex w-full max-w-lg">
        <DialogPanel data-testid="kb-history" className="flex w-full flex-col bg-white shadow-xl dark:bg-slate-900">
          <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3 dark:border-slate-700">
            <DialogTitle className="font-semibold text-slate-900 dark:text-slate-100">{title}</DialogTitle>
            <Button variant="ghost" onClick={onClose}>
              {t("close")}
            </Button>
          </div>
          <div className="min-h-0 flex-1 overflow-auto p-4">{children}</div>
        </DialogPanel>
      </div>
    </Dialog>
  );
}
