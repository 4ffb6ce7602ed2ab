// The lead's payments (YooKassa links and invoices, with their attempts and why one was
// canceled), and the manager's button for an invoice paid by bank transfer.
"use client";

import { useState } from "react";

import { Icon } from "@/components/Icon";
import { Badge, Button, Card, type Tone } from "@/components/ui";
import { ConfirmDialog } from "@/features/settings/ConfirmDialog";
import { errorMessage } from "@/lib/api";
import { formatDateTime, formatMoney } from "@/lib/format";
import { useT, type Translate } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { useConfirmInvoice } from "./api";
import { texts, type LeadsText } from "./texts";
import type { LeadDetail, Payment } from "./types";

const TONES: Record<string, Tone> = { pending: "amber", waiting_for_capture: "blue", succeeded: "green", canceled: "red" };

/** A known word for the value (`prefix_value` in the dictionary), or the value as stored. */
function label(prefix: string, value: string, t: Translate<LeadsText>): string {
  const key = `${prefix}_${value}`;
  return key in texts.ru ? t(key as LeadsText) : value;
}

/** The invoice button belongs to a lead with a quote that nobody has paid yet. */
export function canConfirmInvoice(data: LeadDetail): boolean {
  const quoted = data.quotes.length > 0 || data.lead.quote_id !== null;
  return quoted && !(data.payments ?? []).some((payment) => payment.status === "succeeded");
}

function PaymentRow({ payment }: { payment: Payment }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const reason = payment.status === "canceled" && payment.cancellation_reason;
  return (
    <li className="border-b border-slate-100 py-2 text-sm last:border-0 dark:border-slate-800" data-testid="lead-payment" data-status={payment.status}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="text-slate-900 dark:text-slate-100">
          <span className="font-medium tabular-nums">{formatMoney(payment.amount, language)}</span>
          {payment.package && <span className="ml-2">{t("payment_package", { name: payment.package })}</span>}
        </span>
        <Badge tone={TONES[payment.status] ?? "gray"}>{label("payment_status", payment.status, t)}</Badge>
      </div>
      <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
        {label("provider", payment.provider, t)} · {t("payment_attempt", { n: payment.attempt })} · {formatDateTime(payment.created_at, language)}
        {payment.paid_at && <span> · {t("payment_paid_at", { date: formatDateTime(payment.paid_at, language) })}</span>}
      </p>
      {reason && (
        <p className="mt-0.5 text-xs text-red-700 dark:text-red-300" data-testid="lead-payment-reason">
          {t("payment_reason", { reason: label("reason", reason, t) })}
        </p>
      )}
    </li>
  );
}

/** «Оплата»: nothing when the lead has no payments. */
export function PaymentsCard({ payments }: { payments: Payment[] }) {
  const t = useT(texts);
  if (payments.length === 0) return null;
  return (
    <Card title={t("section_payments")}>
      <ul data-testid="lead-payments">
        {payments.map((payment) => (
          <PaymentRow key={payment.id} payment={payment} />
        ))}
      </ul>
    </Card>
  );
}

/** «Оплата по счёту получена»: asks first, then tells the server; the card is read again. */
export function InvoicePaidButton({ leadId, conversationId }: { leadId: string; conversationId: string }) {
  const t = useT(texts);
  const confirm = useConfirmInvoice(leadId);
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button busy={confirm.isPending} onClick={() => setAsking(true)} data-testid="lead-invoice-paid">
        <Icon name="check" />
        {t("invoice_paid")}
      </Button>
      {confirm.isError && (
        <p role="alert" className="order-last w-full text-right text-sm text-red-700 dark:text-red-300" data-testid="lead-invoice-error">
          {t("invoice_failed")}: {errorMessage(confirm.error)}
        </p>
      )}
      <ConfirmDialog
        open={asking}
        title={t("invoice_confirm_title")}
        text={t("invoice_confirm_text")}
        confirmLabel={t("invoice_confirm")}
        busy={confirm.isPending}
        onConfirm={() => confirm.mutate(conversationId, { onSettled: () => setAsking(false) })}
        onClose={() => setAsking(false)}
      />
    </>
  );
}
