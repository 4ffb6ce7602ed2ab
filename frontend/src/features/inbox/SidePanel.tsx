// Beside the transcript: the contact, the brief, the quote, documents and the lead.
"use client";

import Link from "next/link";

import { Icon } from "@/components/Icon";
import { Badge } from "@/components/ui";
import { formatMoney } from "@/lib/format";
import { useT, type Translate } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { BRIEF_FIELDS, texts, type InboxText } from "./texts";
import type { ConversationDetail, DocumentRef, Message } from "./types";

export function briefValue(field: string, value: unknown, t: Translate<InboxText>): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (Array.isArray(value)) return value.length ? value.join(", ") : null;
  if (field === "hosting" && ["cloud", "hybrid", "onprem"].includes(String(value))) return t(`hosting_${String(value)}` as InboxText);
  if (field === "sla") return value === "standard" ? t("sla_standard") : `${String(value).replace(".", ",")} %`;
  return String(value);
}

/** The brief's filled slots, in the order the bot asks for them. */
export function BriefList({ brief, testId }: { brief: Record<string, unknown>; testId?: string }) {
  const t = useT(texts);
  const known = BRIEF_FIELDS.map((field) => [field, briefValue(field, brief[field], t)] as const).filter(([, value]) => value !== null);
  const extra = Object.entries(brief)
    .filter(([field]) => !(BRIEF_FIELDS as readonly string[]).includes(field))
    .map(([field, value]) => [field, briefValue(field, value, t)] as const)
    .filter(([, value]) => value !== null);
  if (known.length + extra.length === 0) return <p className="text-sm text-slate-500" data-testid={testId}>{t("brief_empty")}</p>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-testid={testId}>
      {known.map(([field, value]) => (
        <div key={field} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">{t(`brief_${field}` as InboxText)}</dt>
          <dd className="text-slate-900 dark:text-slate-100">{value}</dd>
        </div>
      ))}
      {extra.map(([field, value]) => (
        <div key={field} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">{field}</dt>
          <dd className="text-slate-900 dark:text-slate-100">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A document's link: the detail's documents carry none, so the one on the message that carried it. */
export function documentUrl(document: DocumentRef, messages: Message[]): string | null {
  for (const message of [...messages].reverse()) {
    const file = message.attachments?.find((a) => a.url && a.name.includes(document.number));
    if (file?.url) return file.url;
  }
  return null;
}

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  return (
    <section className="border-b border-slate-200 p-3 dark:border-slate-700" data-testid={testId}>
      <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{title}</h3>
      {children}
    </section>
  );
}

export function SidePanel({ detail }: { detail: ConversationDetail }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const contact = detail.contact;
  const quote = detail.quote;
  return (
    <div className="text-sm">
      {detail.listing ? (
        <Section title={t("side_listing")} testId="side-listing">
          <a href={detail.listing.url} target="_blank" rel="noreferrer" className="text-blue-700 underline dark:text-blue-300">
            {detail.listing.title}
          </a>
          {detail.listing.price ? <p className="text-slate-600 dark:text-slate-300">{detail.listing.price}</p> : null}
        </Section>
      ) : null}
      <Section title={t("side_contact")}>
        {contact && (contact.name || contact.phone || contact.email) ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
            {(["name", "phone", "email"] as const).map((field) =>
              contact[field] ? (
                <div key={field} className="contents">
                  <dt className="text-slate-500 dark:text-slate-400">{t(`contact_${field}`)}</dt>
                  <dd className="break-all text-slate-900 dark:text-slate-100">{contact[field]}</dd>
                </div>
              ) : null,
            )}
          </dl>
        ) : (
          <p className="text-slate-500">—</p>
        )}
        {detail.product && <p className="mt-2"><Badge tone="blue">{t(`product_${detail.product}` as InboxText)}</Badge></p>}
      </Section>
      <Section title={t("side_brief")}>
        <BriefList brief={detail.brief ?? {}} testId="side-brief" />
      </Section>
      <Section title={t("side_quote")} testId="side-quote">
        {quote?.packages?.length ? (
          <ul className="space-y-1">
            {quote.packages.map((pack) => (
              <li key={pack.code} className="flex items-baseline justify-between gap-2">
                <span className={pack.available === false ? "text-slate-400 line-through" : "text-slate-800 dark:text-slate-100"}>
                  {pack.name}
                  {quote.recommended === pack.code && (
                    <span className="ml-1">
                      <Badge tone="green">{t("recommended")}</Badge>
                    </span>
                  )}
                </span>
                <span className="font-medium tabular-nums text-slate-900 dark:text-slate-100" title={pack.available === false ? (pack.unavailable_reason ?? t("unavailable")) : undefined}>
                  {formatMoney(pack.total, language)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-500">{t("quote_empty")}</p>
        )}
      </Section>
      <Section title={t("side_documents")} testId="side-documents">
        {detail.documents.length ? (
          <ul className="space-y-1">
            {detail.documents.map((document) => {
              const url = documentUrl(document, detail.messages);
              const label = `${t(`doc_${document.kind}` as InboxText)} № ${document.number}`;
              return (
                <li key={document.id}>
                  {url ? (
                    <a href={url} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1.5 text-brand-700 hover:underline dark:text-blue-300">
                      <Icon name="file" />
                      {label}
                    </a>
                  ) : (
                    <span className="inline-flex items-center gap-1.5">
                      <Icon name="file" />
                      {label}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="text-slate-500">{t("documents_empty")}</p>
        )}
      </Section>
      <Section title={t("side_lead")} testId="side-lead">
        {detail.lead_id ? (
          <div className="flex flex-wrap items-center gap-2">
            {detail.lead_status && <Badge tone={detail.lead_status === "lost" ? "red" : detail.lead_status === "won" ? "green" : "amber"}>{t(`status_${detail.lead_status}` as InboxText)}</Badge>}
            <Link href={`/leads/view/?id=${detail.lead_id}`} className="text-brand-700 hover:underline dark:text-blue-300" data-testid="open-lead">
              {t("open_lead")} →
            </Link>
          </div>
        ) : (
          <p className="text-slate-500">{t("no_lead")}</p>
        )}
      </Section>
    </div>
  );
}
