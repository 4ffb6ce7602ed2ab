// amoCRM on the integrations tab: the connection (connect through amoCRM's consent page,
// reconnect, disconnect), the addresses to register there, and the mapping form.
"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

import { Icon } from "@/components/Icon";
import { Badge, Button, Card, ErrorNotice, Spinner } from "@/components/ui";
import { errorMessage } from "@/lib/api";
import { formatDateTime } from "@/lib/format";
import { usePreferences } from "@/lib/preferences";

import { AmoCrmMapping } from "./AmoCrmMapping";
import { useAmoConnect, useAmoConnection, useAmoDisconnect } from "./api";
import { ConfirmDialog } from "./ConfirmDialog";
import type { SettingsT } from "./texts";
import type { AmoAuth, AmoConnection } from "./types";

/** An address to paste into amoCRM: read-only, with a copy button. */
function CopyField({ label, value, hint, testId, t }: { label: string; value: string; hint: string; testId: string; t: SettingsT }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      input.current?.select(); // no clipboard (plain http): the admin copies the selection
    }
  };
  return (
    <div className="text-sm">
      <span className="mb-1 block text-slate-600 dark:text-slate-300">{label}</span>
      <div className="flex gap-2">
        <input
          ref={input}
          readOnly
          value={value}
          onFocus={(event) => event.target.select()}
          data-testid={testId}
          className="w-full rounded-md border border-slate-300 bg-slate-50 px-2.5 py-1.5 font-mono text-xs text-slate-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
        />
        <Button onClick={() => void copy()} data-testid={`${testId}-copy`}>
          {copied ? t("amo_copied") : t("amo_copy")}
        </Button>
      </div>
      <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{hint}</p>
    </div>
  );
}

function Notice({ tone, children, testId }: { tone: "green" | "blue" | "amber"; children: ReactNode; testId?: string }) {
  const tones = {
    green: "border-green-200 bg-green-50 text-green-900 dark:border-green-900 dark:bg-green-950 dark:text-green-100",
    blue: "border-blue-200 bg-blue-50 text-blue-900 dark:border-blue-900 dark:bg-blue-950 dark:text-blue-100",
    amber: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
  };
  return (
    <div role="status" data-testid={testId} className={`rounded-md border p-3 text-sm ${tones[tone]}`}>
      {children}
    </div>
  );
}

function ConnectionFacts({ connection, t }: { connection: AmoConnection; t: SettingsT }) {
  const language = usePreferences((state) => state.language);
  const auth = connection.auth as AmoAuth;
  const rows: [string, string][] = [
    [t("amo_domain"), connection.domain ?? "—"],
    [t("amo_account_id"), connection.account_id == null ? "—" : String(connection.account_id)],
    [t("amo_auth"), t(`amo_auth_${auth}`)],
  ];
  if (auth === "oauth" && connection.connected) {
    rows.push(
      [t("amo_connected_at"), formatDateTime(connection.connected_at, language)],
      [t("amo_refreshed_at"), formatDateTime(connection.refreshed_at, language)],
      [t("amo_expires_at"), formatDateTime(connection.access_expires_at, language)],
    );
  }
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="amo-facts">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
          <dd className="break-all text-slate-900 dark:text-slate-100">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function SetupSteps({ t }: { t: SettingsT }) {
  return (
    <Notice tone="amber" testId="amo-setup">
      <p className="font-medium">{t("amo_setup_intro")}</p>
      <ol className="mt-1 list-decimal space-y-0.5 pl-5">
        <li>{t("amo_setup_integration")}</li>
        <li>{t("amo_setup_settings")}</li>
        <li>{t("amo_setup_restart")}</li>
      </ol>
    </Notice>
  );
}

export function AmoCrmPanel({ t, justConnected = false }: { t: SettingsT; justConnected?: boolean }) {
  const query = useAmoConnection({ fresh: justConnected });
  const connect = useAmoConnect();
  const disconnect = useAmoDisconnect();
  const [confirming, setConfirming] = useState(false);
  const [welcome, setWelcome] = useState(justConnected);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (justConnected) panel.current?.scrollIntoView?.({ block: "start" });
  }, [justConnected]);
  // Connected in the other tab: the "allow access there" hint has done its job.
  const connectedAt = query.data?.connected_at;
  const resetConnect = connect.reset;
  useEffect(() => resetConnect(), [connectedAt, resetConnect]);

  if (query.isPending) return <Spinner />;
  if (query.isError) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;

  const connection = query.data;
  const auth = connection.auth as AmoAuth;
  const oauth = auth === "oauth";
  const startConnect = () =>
    connect.mutate(undefined, {
      onSuccess: ({ consent_url }) => {
        window.open(consent_url, "_blank", "noopener");
      },
    });

  const status = !connection.configured
    ? { tone: "gray" as const, text: t("amo_not_configured") }
    : connection.connected
      ? { tone: "green" as const, text: t("amo_connected") }
      : { tone: "amber" as const, text: t("amo_not_connected") };

  return (
    <div ref={panel} className="space-y-4" data-testid="amo-panel">
      <Card title="amoCRM" actions={<span data-testid="amo-status"><Badge tone={status.tone}>{status.text}</Badge></span>}>
        <div className="space-y-4">
          {welcome && (
            <Notice tone="green" testId="amo-welcome">
              <div className="flex items-start justify-between gap-2">
                <span className="inline-flex items-center gap-1.5">
                  <Icon name="check" />
                  {t("amo_just_connected")}
                </span>
                <button type="button" className="rounded p-0.5 hover:bg-green-100 dark:hover:bg-green-900" aria-label={t("amo_dismiss")} onClick={() => setWelcome(false)}>
                  <Icon name="close" className="h-3.5 w-3.5" />
                </button>
              </div>
            </Notice>
          )}
          <p className="text-sm text-slate-600 dark:text-slate-300">{t("amo_intro")}</p>
          {!connection.configured && <SetupSteps t={t} />}
          {auth === "long_lived" && <Notice tone="blue" testId="amo-long-lived">{t("amo_long_lived")}</Notice>}
          {oauth && !connection.connected && <p className="text-sm text-slate-600 dark:text-slate-300">{t("amo_oauth_waiting")}</p>}
          {connection.configured && <ConnectionFacts connection={connection} t={t} />}
          {auth !== "long_lived" && (
            <CopyField label={t("amo_redirect_uri")} value={connection.redirect_uri} hint={t("amo_redirect_hint")} testId="amo-redirect-uri" t={t} />
          )}
          {connection.connected && connection.webhook_url && (
            <CopyField label={t("amo_webhook_url")} value={connection.webhook_url} hint={t("amo_webhook_hint")} testId="amo-webhook-url" t={t} />
          )}
          {oauth && (
            <div className="flex flex-wrap items-center gap-2">
              <Button variant="primary" busy={connect.isPending} onClick={startConnect} data-testid="amo-connect">
                {t(connection.connected ? "amo_reconnect" : "amo_connect")}
              </Button>
              {connection.connected && (
                <Button variant="danger" onClick={() => setConfirming(true)} data-testid="amo-disconnect">
                  {t("amo_disconnect")}
                </Button>
              )}
            </div>
          )}
          {connect.isSuccess && (
            <Notice tone="blue" testId="amo-consent">
              {t("amo_consent_opened")} {t("amo_consent_missed")}{" "}
              <a href={connect.data.consent_url} target="_blank" rel="noopener noreferrer" className="font-medium underline">
                {t("amo_consent_link")}
              </a>
              .
            </Notice>
          )}
          {connect.isError && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="amo-connect-error">
              {errorMessage(connect.error)}
            </p>
          )}
          {disconnect.isError && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {errorMessage(disconnect.error)}
            </p>
          )}
        </div>
      </Card>
      {connection.configured && (
        <Card title={t("amo_mapping_title")}>
          <AmoCrmMapping t={t} mapping={connection.mapping} connected={connection.connected} />
        </Card>
      )}
      <ConfirmDialog
        open={confirming}
        title={t("amo_disconnect_title")}
        text={t("amo_disconnect_text", { account: connection.domain ?? "amoCRM" })}
        confirmLabel={t("amo_disconnect")}
        danger
        busy={disconnect.isPending}
        onConfirm={() => disconnect.mutate(undefined, { onSettled: () => setConfirming(false) })}
        onClose={() => setConfirming(false)}
      />
    </div>
  );
}
