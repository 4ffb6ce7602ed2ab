// The right side of the inbox: one conversation with its actions, transcript, reply box and
// the brief/quote panel.
"use client";

import { Menu, MenuButton, MenuItem, MenuItems } from "@headlessui/react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";

import { ChannelBadge } from "@/components/Channel";
import { Icon } from "@/components/Icon";
import { Badge, Button, ErrorNotice, Spinner } from "@/components/ui";
import { errorMessage } from "@/lib/api";
import { useAuth, type Operator } from "@/lib/auth";
import { useChannelLabel } from "@/lib/channels";
import { useT } from "@/lib/i18n";

import {
  lastSeq,
  markRead,
  useConversation,
  useRelease,
  useReply,
  useRetryDelivery,
  useSendDocument,
  useTakeover,
  type DocumentKind,
  type InboxData,
} from "./api";
import { updateRow } from "./cache";
import { displayName, handoffReason } from "./ConversationList";
import { SidePanel } from "./SidePanel";
import { texts, type InboxText } from "./texts";
import { Transcript } from "./Transcript";
import type { ConversationDetail } from "./types";
import { useTypingSignal, type Emitter } from "./useTypingSignal";

/** The name the customer sees for a manager: as the API makes it from the login. */
export function managerName(user: Operator | null): string | null {
  if (!user) return null;
  if (user.full_name.trim()) return user.full_name.trim();
  const first = user.email.split("@", 1)[0]?.split(".", 1)[0] ?? "";
  return first ? first[0]!.toUpperCase() + first.slice(1) : null;
}

function InlineError({ error }: { error: unknown }) {
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="action-error">
      {errorMessage(error)}
    </p>
  );
}

export function ReplyBox({ id, owner, myName, emitter }: { id: string; owner: string; myName: string | null; emitter?: Emitter }) {
  const t = useT(texts);
  const [text, setText] = useState("");
  const reply = useReply(id, myName);
  const closed = owner === "closed";
  // The customer sees "typing" only from the manager who holds the conversation.
  const typing = useTypingSignal(id, owner === "human", emitter);
  const send = () => {
    const value = text.trim();
    if (!value || reply.isPending || closed) return;
    typing.stop();
    reply.mutate(value, { onSuccess: () => setText("") });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };
  return (
    <div className="border-t border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900">
      {owner === "bot" && (
        <p className="mb-2 rounded-md bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-100" data-testid="reply-takes-over">
          {t("reply_takes_over")}
        </p>
      )}
      {reply.isError && (
        <div className="mb-2">
          <p className="text-xs font-semibold text-red-700 dark:text-red-300">{t("reply_failed")}</p>
          <InlineError error={reply.error} />
        </div>
      )}
      <div className="flex items-end gap-2">
        <textarea
          data-testid="reply-input"
          aria-label={t("reply_placeholder")}
          className="min-h-[2.5rem] w-full resize-y rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-1 focus:ring-brand-500 disabled:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:disabled:bg-slate-900"
          rows={2}
          placeholder={t("reply_placeholder")}
          value={text}
          disabled={closed}
          onChange={(event) => {
            setText(event.target.value);
            typing.keystroke();
          }}
          onKeyDown={onKeyDown}
        />
        <Button variant="primary" data-testid="reply-send" busy={reply.isPending} disabled={closed || !text.trim()} onClick={send}>
          {t("reply_send")}
        </Button>
      </div>
    </div>
  );
}

function DocumentMenu({ id, myName, onError }: { id: string; myName: string | null; onError: (error: unknown) => void }) {
  const t = useT(texts);
  const send = useSendDocument(id, myName);
  const kinds: DocumentKind[] = ["offer", "contract", "invoice"];
  return (
    <Menu as="div" className="relative">
      <MenuButton
        as={Button}
        data-testid="send-document"
        busy={send.isPending}
      >
        <Icon name="file" />
        {t("send_document")}
        <Icon name="chevronDown" className="-ml-1 h-3.5 w-3.5" />
      </MenuButton>
      <MenuItems
        anchor="bottom end"
        className="z-40 mt-1 w-60 rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg focus:outline-none dark:border-slate-700 dark:bg-slate-800"
      >
        {kinds.map((kind) => (
          <MenuItem key={kind}>
            <button
              type="button"
              data-testid={`send-document-${kind}`}
              className="block w-full rounded px-3 py-1.5 text-left text-slate-800 data-[focus]:bg-slate-100 dark:text-slate-100 dark:data-[focus]:bg-slate-700"
              onClick={() => {
                onError(null);
                send.mutate(kind, { onError });
              }}
            >
              {t(`doc_${kind}`)}
            </button>
          </MenuItem>
        ))}
      </MenuItems>
    </Menu>
  );
}

function OwnerLine({ detail }: { detail: ConversationDetail }) {
  const t = useT(texts);
  if (detail.owner === "closed") return <Badge>{t("owner_closed")}</Badge>;
  if (detail.owner === "bot") {
    return (
      <Badge tone="blue">
        <Icon name="bot" className="mr-1 h-3.5 w-3.5" />
        {t("owner_bot_now")}
      </Badge>
    );
  }
  return (
    <span data-testid="owner-line">
      <Badge tone="green">
        <Icon name="user" className="mr-1 h-3.5 w-3.5" />
        {detail.owner_name ? t("owner_human_named", { name: detail.owner_name }) : t("owner_human_now")}
      </Badge>
    </span>
  );
}

/** Tells the server what the team has read whenever the transcript grows while open. */
function useMarkRead(id: string, detail: ConversationDetail | undefined) {
  const client = useQueryClient();
  const sent = useRef<Map<string, number>>(new Map());
  const seq = detail ? lastSeq(detail.messages) : null;
  useEffect(() => {
    if (seq === null || (sent.current.get(id) ?? -1) >= seq) return;
    sent.current.set(id, seq);
    markRead(id, seq)
      .then(() => {
        for (const [key, data] of client.getQueriesData<InboxData>({ queryKey: ["inbox"] })) {
          if (!data) continue;
          const result = updateRow(data, id, (row) => ({ ...row, unread: 0, read_seq: Math.max(row.read_seq ?? 0, seq) }));
          if (result.found) client.setQueryData(key, result.data);
        }
      })
      .catch(() => sent.current.delete(id));
  }, [id, seq, client]);
}

export function ConversationView({ id, typing, onBack }: { id: string; typing: boolean; onBack: () => void }) {
  const t = useT(texts);
  const channelLabel = useChannelLabel();
  const user = useAuth((state) => state.user);
  const myName = managerName(user);
  const conversation = useConversation(id);
  const takeover = useTakeover(id, myName);
  const release = useRelease(id);
  const retryDelivery = useRetryDelivery(id);
  const [actionError, setActionError] = useState<unknown>(null);
  const [showDetails, setShowDetails] = useState(false);
  const detail = conversation.data;
  useMarkRead(id, detail);

  useEffect(() => {
    setActionError(null);
    setShowDetails(false);
  }, [id]);

  const back = (
    <Button variant="ghost" className="lg:hidden" onClick={onBack} data-testid="inbox-back">
      {t("back")}
    </Button>
  );

  if (conversation.isPending) {
    return (
      <div className="flex-1 p-3">
        {back}
        <div className="p-4">
          <Spinner />
        </div>
      </div>
    );
  }
  if (conversation.isError || !detail) {
    return (
      <div className="flex-1 space-y-2 p-3">
        {back}
        <ErrorNotice error={conversation.error} onRetry={() => void conversation.refetch()} />
      </div>
    );
  }

  const name = displayName({ id, contact_name: detail.contact?.name ?? null, channel: detail.channel }, t, channelLabel);
  const handoff = detail.handoff?.reason && detail.handoff.reason !== "manager_takeover" ? handoffReason(detail.handoff.reason, t) : "";

  return (
    <div className="flex min-h-0 min-w-0 flex-1">
      <div className={`min-h-0 min-w-0 flex-1 flex-col ${showDetails ? "hidden xl:flex" : "flex"}`}>
        <header className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900">
          {back}
          <div className="min-w-[14rem] flex-1">
            <h2 className="truncate font-semibold text-slate-900 dark:text-slate-100" data-testid="conversation-title">
              {name}
            </h2>
            <div className="mt-1 flex flex-wrap items-center gap-1">
              <ChannelBadge code={detail.channel} />
              <Badge>{t(`stage_${detail.stage}` as InboxText)}</Badge>
              <OwnerLine detail={detail} />
              {handoff && (
                <Badge tone="red">
                  <Icon name="alert" className="mr-1 h-3.5 w-3.5" />
                  {handoff}
                </Badge>
              )}
            </div>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            {detail.owner === "bot" && (
              <Button
                variant="primary"
                data-testid="takeover"
                busy={takeover.isPending}
                onClick={() => {
                  setActionError(null);
                  takeover.mutate(undefined, { onError: setActionError });
                }}
              >
                {t("takeover")}
              </Button>
            )}
            {detail.owner === "human" && (
              <Button
                data-testid="release"
                busy={release.isPending}
                onClick={() => {
                  setActionError(null);
                  release.mutate(undefined, { onError: setActionError });
                }}
              >
                <Icon name="bot" />
                {t("release")}
              </Button>
            )}
            {detail.owner !== "closed" && <DocumentMenu id={id} myName={myName} onError={setActionError} />}
            <Button variant="ghost" className="xl:hidden" onClick={() => setShowDetails(true)} data-testid="show-details">
              {t("details")}
            </Button>
          </div>
          {actionError ? (
            <div className="w-full">
              <InlineError error={actionError} />
            </div>
          ) : null}
        </header>
        <Transcript messages={detail.messages} typing={typing} onRetry={(messageId) => retryDelivery.mutate(messageId)} />
        <ReplyBox id={id} owner={detail.owner} myName={myName} />
      </div>
      <aside
        className={`min-h-0 w-full overflow-y-auto border-l border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900 xl:block xl:w-72 xl:shrink-0 ${showDetails ? "block" : "hidden"}`}
        data-testid="side-panel"
      >
        <div className="p-2 xl:hidden">
          <Button variant="ghost" onClick={() => setShowDetails(false)}>
            ← {t("transcript")}
          </Button>
        </div>
        <SidePanel detail={detail} />
      </aside>
    </div>
  );
}
