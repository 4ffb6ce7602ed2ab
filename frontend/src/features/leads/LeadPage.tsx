// One lead: contact, brief, quotes, documents (preview, download, send again), payments and
// consultations, its deal in the CRM, its cards on the task trackers, the timeline of
// everything that happened, the status, an invoice paid by hand and a way back to the
// conversation.
"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState } from "react";

import { ChannelBadge } from "@/components/Channel";
import { Icon } from "@/components/Icon";
import { Modal } from "@/components/Modal";
import { Badge, Button, Card, ErrorNotice, Spinner } from "@/components/ui";
import { BriefList } from "@/features/inbox/SidePanel";
import { errorMessage } from "@/lib/api";
import { formatDate, formatDateTime, formatMoney } from "@/lib/format";
import { useT, type Translate } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { useLead, useResend } from "./api";
import { BookingsCard } from "./BookingsCard";
import { CrmCard } from "./CrmCard";
import { canConfirmInvoice, InvoicePaidButton, PaymentsCard } from "./PaymentsCard";
import { StatusSelect } from "./StatusSelect";
import { texts, type LeadsText } from "./texts";
import { Timeline } from "./Timeline";
import { TrackersCard } from "./TrackersCard";
import type { LeadDocument, LeadDetail } from "./types";

/** A lead's source in words; a source this version does not know is shown as stored. */
function sourceLabel(source: string, t: Translate<LeadsText>): string {
  const key = `source_${source}`;
  return key in texts.ru ? t(key as LeadsText) : source;
}

function DocumentRow({ leadId, document, onPreview }: { leadId: string; document: LeadDocument; onPreview: () => void }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const resend = useResend(leadId);
  return (
    <li className="flex flex-wrap items-center gap-2 border-b border-slate-100 py-2 last:border-0 dark:border-slate-800" data-testid="lead-document">
      <span className="min-w-0 flex-1">
        <span className="inline-flex items-center gap-1.5 font-medium text-slate-900 dark:text-slate-100">
          <Icon name="file" />
          {t(`doc_${document.kind}` as LeadsText)} № {document.number}
        </span>
        <span className="ml-2 text-xs text-slate-500">{formatDateTime(document.created_at, language)}</span>
      </span>
      <Button variant="ghost" onClick={onPreview} data-testid="lead-preview">
        {t("preview")}
      </Button>
      <a
        href={document.url}
        target="_blank"
        rel="noreferrer"
        download
        className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        {t("download")}
      </a>
      <Button onClick={() => resend.mutate(document.id)} busy={resend.isPending} data-testid="lead-resend">
        <Icon name="repeat" />
        {t("resend")}
      </Button>
      {resend.isSuccess && (
        <span role="status" className="inline-flex w-full items-center gap-1 text-xs text-green-700 dark:text-green-300">
          <Icon name="check" className="h-3.5 w-3.5" />
          {t("resent")}
        </span>
      )}
      {resend.isError && (
        <span role="alert" className="w-full text-xs text-red-700 dark:text-red-300">
          {t("resend_failed")}: {errorMessage(resend.error)}
        </span>
      )}
    </li>
  );
}

function LeadContent({ data }: { data: LeadDetail }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const [preview, setPreview] = useState<LeadDocument | null>(null);
  const { lead } = data;
  const contact = lead.contact;
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <Link href="/leads/" className="text-sm text-brand-700 hover:underline dark:text-blue-300">
          {t("back_to_leads")}
        </Link>
      </div>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold text-slate-900 dark:text-slate-100" data-testid="lead-title">
            {contact?.name || t("lead_title")}
          </h1>
          <div className="mt-1 flex flex-wrap items-center gap-2 text-sm">
            <ChannelBadge code={lead.channel} />
            {lead.product && <Badge>{t(`product_${lead.product}` as LeadsText)}</Badge>}
            {lead.amount && <span className="font-medium tabular-nums">{formatMoney(lead.amount, language)}</span>}
            <span className="text-slate-500">{formatDateTime(lead.created_at, language)}</span>
          </div>
        </div>
        <div className="flex flex-wrap items-center justify-end gap-2">
          {canConfirmInvoice(data) && <InvoicePaidButton leadId={lead.id} conversationId={lead.conversation_id} />}
          <StatusSelect id={lead.id} status={lead.status} />
          <Link
            href={`/inbox/?c=${lead.conversation_id}`}
            className="inline-flex items-center gap-1.5 rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
            data-testid="lead-open-conversation"
          >
            <Icon name="chat" />
            {t("open_conversation")}
          </Link>
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <div className="space-y-4">
          <Card title={t("section_contact")}>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              {(["name", "phone", "email"] as const).map((field) => (
                <div key={field} className="contents">
                  <dt className="text-slate-500 dark:text-slate-400">{t(`contact_${field}`)}</dt>
                  <dd className="break-all text-slate-900 dark:text-slate-100">{contact?.[field] || "—"}</dd>
                </div>
              ))}
              <dt className="text-slate-500 dark:text-slate-400">{t("source")}</dt>
              <dd className="text-slate-900 dark:text-slate-100">{sourceLabel(lead.source, t)}</dd>
              {lead.tags.length > 0 && (
                <>
                  <dt className="text-slate-500 dark:text-slate-400">{t("tags")}</dt>
                  <dd className="flex flex-wrap gap-1">
                    {lead.tags.map((tag) => (
                      <Badge key={tag}>{tag}</Badge>
                    ))}
                  </dd>
                </>
              )}
            </dl>
          </Card>
          <Card title={t("section_brief")}>
            <BriefList brief={data.brief ?? {}} testId="lead-brief" />
          </Card>
          <Card title={t("section_quotes")}>
            {data.quotes.length === 0 ? (
              <p className="text-sm text-slate-500">{t("quotes_empty")}</p>
            ) : (
              <div className="space-y-4" data-testid="lead-quotes">
                {data.quotes.map((quote) => (
                  <div key={quote.id}>
                    <p className="mb-1 text-sm font-medium text-slate-700 dark:text-slate-200">
                      {t("quote_of", { date: formatDateTime(quote.created_at, language) })}
                      {quote.valid_until && <span className="ml-2 font-normal text-slate-500">{t("valid_until", { date: formatDate(quote.valid_until, language) })}</span>}
                    </p>
                    <ul className="space-y-1 text-sm">
                      {quote.packages.map((pack) => (
                        <li key={pack.code} className="flex items-baseline justify-between gap-2">
                          <span className={pack.available === false ? "text-slate-400 line-through" : ""}>
                            {pack.name}
                            {quote.recommended === pack.code && (
                              <span className="ml-1">
                                <Badge tone="green">{t("recommended")}</Badge>
                              </span>
                            )}
                          </span>
                          <span className="font-medium tabular-nums">{formatMoney(pack.total, language)}</span>
                        </li>
                      ))}
                    </ul>
                  </div>
                ))}
              </div>
            )}
          </Card>
          <Card title={t("section_documents")}>
            {data.documents.length === 0 ? (
              <p className="text-sm text-slate-500">{t("documents_empty")}</p>
            ) : (
              <ul>
                {data.documents.map((document) => (
                  <DocumentRow key={document.id} leadId={lead.id} document={document} onPreview={() => setPreview(document)} />
                ))}
              </ul>
            )}
          </Card>
        </div>
        <div className="space-y-4">
          <PaymentsCard payments={data.payments ?? []} />
          <BookingsCard bookings={data.bookings ?? []} />
          {data.crm && <CrmCard crm={data.crm} />}
          <TrackersCard cards={data.trackers ?? []} />
          <Card title={t("section_timeline")}>
            <Timeline entries={data.timeline} />
          </Card>
        </div>
      </div>
      <Modal
        open={preview !== null}
        onClose={() => setPreview(null)}
        title={preview ? `${t(`doc_${preview.kind}` as LeadsText)} № ${preview.number}` : ""}
        wide
        testId="document-preview"
        footer={
          preview && (
            <a href={preview.url} target="_blank" rel="noreferrer" download className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
              {t("download")}
            </a>
          )
        }
      >
        {preview && <iframe src={preview.url} title={preview.number} className="h-[70vh] w-full rounded border border-slate-200 dark:border-slate-700" />}
      </Modal>
    </div>
  );
}

export function LeadView({ id }: { id: string }) {
  const lead = useLead(id);
  if (lead.isPending) return <Spinner />;
  if (lead.isError) return <ErrorNotice error={lead.error} onRetry={() => void lead.refetch()} />;
  return <LeadContent data={lead.data} />;
}

export function LeadPage() {
  const id = useSearchParams().get("id");
  const t = useT(texts);
  if (!id) return <ErrorNotice error={new Error(t("lead_missing"))} />;
  return <LeadView id={id} />;
}
