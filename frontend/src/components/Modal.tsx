// A dialog over the page (Headless UI): a title, the content and the buttons below it.
"use client";

import { Dialog, DialogPanel, DialogTitle } from "@headlessui/react";
import type { ReactNode } from "react";

import { useT } from "@/lib/i18n";

export function Modal({
  open,
  onClose,
  title,
  children,
  footer,
  wide = false,
  testId,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} className="relative z-50">
      <div className="fixed inset-0 bg-black/40" aria-hidden="true" />
      <div className="fixed inset-0 flex items-center justify-center p-4">
        <DialogPanel
          data-testid={testId}
          className={`flex max-h-full w-full flex-col rounded-lg bg-white shadow-xl dark:bg-slate-900 ${wide ? "max-w-5xl" : "max-w-md"}`}
        >
          <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3 dark:border-slate-700">
            <DialogTitle className="font-semibold text-slate-900 dark:text-slate-100">{title}</DialogTitle>
            <button type="button" aria-label={t("cancel")} className="rounded px-2 text-xl leading-none text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800" onClick={onClose}>
              ×
            </button>
          </div>
          <div className="min-h-0 flex-1 overflow-auto p-4">{children}</div>
          {footer && <div className="flex justify-end gap-2 border-t border-slate-200 px-4 py-3 dark:border-slate-700">{footer}</div>}
        </DialogPanel>
      </div>
    </Dialog>
  );
}
