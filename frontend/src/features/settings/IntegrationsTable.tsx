// Every integration: configured, healthy, last error and check — never a secret.
"use client";

import { Badge, Button, DataTable, ErrorNotice, Spinner, type Tone } from "@/components/ui";
import { formatDateTime } from "@/lib/format";
import { usePreferences } from "@/lib/preferences";

import { useCheckIntegration, useIntegrations } from "./api";
import type { SettingsT } from "./texts";
import type { Integration } from "./types";

const SECRET_KEY = /key|token|secret(?!_set)|password|passwd|dsn|credential/i;
const SECRET_VALUE = /^(sk-|sk_|rk_|live_|test_|ghp_|xox[bp]-|Bearer\s|Basic\s)|^[A-Za-z0-9+/_=-]{32,}$|^\d+:[\w-]{20,}$/;

/** The details worth showing: a second guard on top of the server's, so a key can never slip through. */
type Detail = [string, string | boolean | number];

export function safeDetails(details: Record<string, unknown>): Detail[] {
  return Object.entries(details).flatMap(([key, value]): Detail[] => {
    if (SECRET_KEY.test(key) || value === null || value === undefined) return [];
    if (typeof value === "boolean" || typeof value === "number") return [[key, value]];
    if (typeof value !== "string" || SECRET_VALUE.test(value)) return [];
    return [[key, value]];
  });
}

function health(row: Integration): { tone: Tone; key: "healthy" | "failing" | "unknown" } {
  if (row.healthy === true) return { tone: "green", key: "healthy" };
  if (row.healthy === false) return { tone: "red", key: "failing" };
  return { tone: "gray", key: "unknown" };
}

function Details({ row, t }: { row: Integration; t: SettingsT }) {
  const entries = safeDetails(row.details);
  if (entries.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <ul className="space-y-0.5 text-xs text-slate-600 dark:text-slate-300">
      {entries.map(([key, value]) =>
        key === "note" ? (
          <li key={key} className="italic">{String(value)}</li>
        ) : (
          <li key={key}>
            <span className="text-slate-400">{t(`detail_${key}` as Parameters<SettingsT>[0]).replace(/^detail_/, "")}:</span>{" "}
            {typeof value === "boolean" ? t(value ? "yes" : "no") : String(value)}
          </li>
        ),
      )}
    </ul>
  );
}

export function IntegrationsTable({ t }: { t: SettingsT }) {
  const language = usePreferences((state) => state.language);
  const query = useIntegrations();
  const check = useCheckIntegration();

  if (query.isPending) return <Spinner />;
  if (query.isError) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-300">{t("integrations_intro")}</p>
      {check.isError && <ErrorNotice error={check.error} />}
      <DataTable testId="integrations-table" headers={[t("integration"), t("configured"), t("health"), t("last_error"), t("last_checked"), t("details"), null]}>
        {query.data.map((row) => {
          const state = health(row);
          const running = check.isPending && check.variables === row.name;
          return (
            <tr key={row.name} data-testid={`integration-${row.name}`} className="align-top">
              <td className="px-3 py-2 font-medium text-slate-900 dark:text-slate-100">{row.title}</td>
              <td className="px-3 py-2">
                <Badge tone={row.configured ? "blue" : "gray"}>{t(row.configured ? "yes" : "no")}</Badge>
              </td>
              <td className="px-3 py-2" data-testid={`integration-${row.name}-health`}>
                <Badge tone={state.tone}>{t(state.key)}</Badge>
              </td>
              <td className="max-w-xs px-3 py-2 text-xs text-red-700 dark:text-red-300" data-testid={`integration-${row.name}-error`}>
                {row.last_error ? (
                  <span className="block break-words" title={row.last_error_at ? formatDateTime(row.last_error_at, language) : undefined}>
                    {row.last_error}
                  </span>
                ) : (
                  <span className="text-slate-400">—</span>
                )}
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-slate-600 dark:text-slate-300">{formatDateTime(row.last_checked_at, language)}</td>
              <td className="px-3 py-2">
                <Details row={row} t={t} />
              </td>
              <td className="px-3 py-2 text-right">
                <Button
                  busy={running}
                  disabled={!row.checkable || check.isPending}
                  title={row.checkable ? undefined : t("not_checkable")}
                  onClick={() => check.mutate(row.name)}
                  data-testid={`check-${row.name}`}
                >
                  {t("check")}
                </Button>
              </td>
            </tr>
          );
        })}
      </DataTable>
    </div>
  );
}
