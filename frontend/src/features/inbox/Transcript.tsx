// The messages of a conversation: who wrote each, files as cards, and the passages the bot used.
"use client";

import { useEffect, useRef } from "react";

import { Icon } from "@/components/Icon";
import { formatDateTime, formatPercent } from "@/lib/format";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";

import { texts, type InboxText } from "./texts";
import type { Attachment, Message, Source } from "./types";

const BUBBLE: Record<string, string> = {
  customer: "mr-auto border border-slate-200 bg-white text-slate-900 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-100",
  bot: "ml-auto bg-blue-50 text-slate-900 dark:bg-blue-950 dark:text-blue-50",
  manager: "ml-auto bg-green-50 text-slate-900 ring-1 ring-green-200 dark:bg-green-950 dark:text-green-50 dark:ring-green-900",
  system: "mx-auto bg-transparent text-center text-xs italic text-slate-500 dark:text-slate-400",
};

const AUTHOR_TONE: Record<string, string> = {
  customer: "text-slate-500 dark:text-slate-400",
  bot: "text-blue-700 dark:text-blue-300",
  manager: "text-green-700 dark:text-green-300",
  system: "text-slate-400",
};

function AttachmentCard({ file }: { file: Attachment }) {
  const pdf = file.content_type === "application/pdf" || file.name.toLowerCase().endsWith(".pdf");
  const body = (
    <>
      <Icon name={pdf ? "file" : "clip"} className="h-5 w-5 text-slate-500 dark:text-slate-400" />
      <span className="min-w-0 flex-1 truncate">{file.name}</span>
    </>
  );
  const style =
    "mt-2 flex max-w-xs items-center gap-2 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-800 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";
  return file.url ? (
    <a href={file.url} target="_blank" rel="noreferrer" className={`${style} hover:border-brand-500 hover:underline`} data-testid="attachment">
      {body}
    </a>
  ) : (
    <span className={style} data-testid="attachment">
      {body}
    </span>
  );
}

function Sources({ sources }: { sources: Source[] }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  return (
    <details className="mt-2 text-xs" data-testid="sources">
      <summary className="cursor-pointer select-none text-slate-500 hover:text-slate-700 dark:text-slate-400 dark:hover:text-slate-200">
        {t("sources", { count: sources.length })}
      </summary>
      <ul className="mt-1 space-y-2">
        {sources.map((source, index) => (
          <li key={`${source.document}-${index}`} className="rounded border border-slate-200 bg-white/70 p-2 dark:border-slate-700 dark:bg-slate-900/60">
            <p className="font-medium text-slate-700 dark:text-slate-200">
              {source.title || source.document}
              <span className="ml-2 font-normal text-slate-400">{t("score", { score: formatPercent(source.score, language) })}</span>
            </p>
            <p className="text-slate-400">{source.document}</p>
            <p className="mt-1 text-slate-600 dark:text-slate-300">{source.excerpt}</p>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function MessageBubble({ message, onRetry }: { message: Message; onRetry?: (messageId: string) => void }) {
  const t = useT(texts);
  const language = usePreferences((state) => state.language);
  const author = message.author in BUBBLE ? message.author : "system";
  const sources = message.metadata?.sources ?? [];
  return (
    <li
      data-testid="message"
      data-author={message.author}
      data-pending={message.pending || undefined}
      aria-busy={message.pending || undefined}
      className={`max-w-[85%] rounded-lg px-3 py-2 text-sm ${BUBBLE[author]} ${message.pending ? "opacity-60" : ""}`}
    >
      {author !== "system" && (
        <p className={`mb-0.5 text-xs font-semibold ${AUTHOR_TONE[author]}`}>
          {t(`author_${author}` as InboxText)}
          <span className="ml-2 font-normal text-slate-400">{formatDateTime(message.created_at, language)}</span>
        </p>
      )}
      {message.text && <p className="whitespace-pre-wrap break-words">{message.text}</p>}
      {message.attachments?.map((file, index) => <AttachmentCard key={`${file.name}-${index}`} file={file} />)}
      {author === "bot" && sources.length > 0 && <Sources sources={sources} />}
      {message.delivery?.status === "dead" && (
        <p className="mt-1 flex items-center gap-2 text-xs text-red-700 dark:text-red-300" data-testid="undelivered">
          <span title={message.delivery.error ?? undefined}>{t("undelivered")}</span>
          {onRetry && message.id && (
            <button type="button" className="underline hover:no-underline" onClick={() => onRetry(message.id as string)}>
              {t("retry_delivery")}
            </button>
          )}
        </p>
      )}
    </li>
  );
}

export function Transcript({
  messages,
  typing,
  onRetry,
}: {
  messages: Message[];
  typing: boolean;
  onRetry?: (messageId: string) => void;
}) {
  const t = useT(texts);
  const end = useRef<HTMLDivElement>(null);
  const count = messages.length;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "end" });
  }, [count, typing]);
  return (
    <div className="min-h-0 flex-1 overflow-y-auto bg-slate-50 p-3 dark:bg-slate-950" data-testid="transcript">
      {count === 0 ? (
        <p className="p-6 text-center text-sm text-slate-500">{t("no_messages")}</p>
      ) : (
        <ol className="flex flex-col gap-2">
          {messages.map((message, index) => (
            <MessageBubble key={message.id ?? `${message.seq ?? ""}-${index}`} message={message} onRetry={onRetry} />
          ))}
        </ol>
      )}
      {typing && (
        <p className="mt-2 text-xs italic text-slate-500" data-testid="typing-indicator" role="status">
          {t("typing")}
        </p>
      )}
      <div ref={end} />
    </div>
  );
}
