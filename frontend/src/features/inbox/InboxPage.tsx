// The inbox: conversations on the left, the open one (`?c=<id>`) on the right; live over
// the operators' socket, with a beep and a desktop notice when a customer asks for a manager.
"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo, useState } from "react";

import { Icon } from "@/components/Icon";
import { Button, PageHeader } from "@/components/ui";
import { useAuth } from "@/lib/auth";
import { useChannelLabel } from "@/lib/channels";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";
import { operatorSocket } from "@/lib/socket";

import { askNotificationPermission, beep, notificationPermission, notify, type NotifyPermission } from "./alerts";
import { ConversationList, displayName, handoffReason } from "./ConversationList";
import { ConversationView } from "./ConversationView";
import { texts } from "./texts";
import type { ConversationItem, HandoffEvent, InboxFilters } from "./types";
import { useInboxLive } from "./useInboxLive";

function AlertControls() {
  const t = useT(texts);
  const sound = usePreferences((state) => state.sound);
  const setSound = usePreferences((state) => state.setSound);
  const [permission, setPermission] = useState<NotifyPermission>(() => notificationPermission());
  return (
    <>
      <Button variant="ghost" aria-pressed={sound} title={t("sound_hint")} onClick={() => setSound(!sound)} data-testid="sound-toggle">
        <Icon name={sound ? "bell" : "bellOff"} />
        {sound ? t("sound_on") : t("sound_off")}
      </Button>
      {permission === "default" && (
        <Button onClick={() => void askNotificationPermission().then(setPermission)} data-testid="notify-enable">
          {t("notify_enable")}
        </Button>
      )}
      {permission === "granted" && <span className="text-xs text-slate-500">{t("notify_on")}</span>}
      {permission === "denied" && <span className="text-xs text-slate-500">{t("notify_denied")}</span>}
    </>
  );
}

export function InboxPage() {
  const t = useT(texts);
  const channelLabel = useChannelLabel();
  const router = useRouter();
  const params = useSearchParams();
  const openId = params.get("c");
  const token = useAuth((state) => state.token);
  const socket = useMemo(() => (token ? operatorSocket(token) : null), [token]);
  const [filters, setFilters] = useState<InboxFilters>({});

  const open = useCallback((id: string | null) => router.push(id ? `/inbox/?c=${encodeURIComponent(id)}` : "/inbox/"), [router]);

  // The live hook keeps the latest callback in a ref: no resubscription when it changes.
  const onHandoff = (event: HandoffEvent, row: ConversationItem | null) => {
    if (usePreferences.getState().sound) beep();
    const who = row ? displayName(row, t, channelLabel) : t("guest");
    const reason = handoffReason(event.reason, t);
    notify(t("notification_title"), reason ? `${who}: ${reason}` : who, () => open(event.conversation_id));
  };

  const { typing } = useInboxLive(socket, { openId, onHandoff });

  return (
    <div className="flex h-[calc(100vh-5.5rem)] flex-col md:h-[calc(100vh-3rem)]">
      <PageHeader title={t("nav_inbox")} actions={<AlertControls />} />
      <div className="flex min-h-0 flex-1 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-700 dark:bg-slate-900">
        <div className={`min-h-0 w-full flex-col border-slate-200 dark:border-slate-700 lg:flex lg:w-80 lg:shrink-0 lg:border-r xl:w-96 ${openId ? "hidden" : "flex"}`}>
          <ConversationList filters={filters} onFilters={setFilters} selectedId={openId} onSelect={(id) => open(id)} />
        </div>
        <div className={`min-h-0 min-w-0 flex-1 ${openId ? "flex" : "hidden lg:flex"}`}>
          {openId ? (
            <ConversationView key={openId} id={openId} typing={Boolean(typing[openId])} onBack={() => open(null)} />
          ) : (
            <p className="m-auto p-6 text-sm text-slate-500">{t("select_conversation")}</p>
          )}
        </div>
      </div>
    </div>
  );
}
