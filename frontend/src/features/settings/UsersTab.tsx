// Operator accounts: the list, a new account, and switching one off or on (after a question).
"use client";

import { useState } from "react";

import { Badge, Button, ErrorNotice, Spinner } from "@/components/ui";
import { useAuth } from "@/lib/auth";
import { formatDateTime } from "@/lib/format";
import { usePreferences } from "@/lib/preferences";

import { useSetActive, useUsers } from "./api";
import { ConfirmDialog } from "./ConfirmDialog";
import { CreateUserForm } from "./CreateUserForm";
import type { SettingsT } from "./texts";
import type { UserAccount } from "./types";

export function UsersTab({ t }: { t: SettingsT }) {
  const language = usePreferences((state) => state.language);
  const me = useAuth((state) => state.user);
  const query = useUsers();
  const setActive = useSetActive();
  const [pending, setPending] = useState<UserAccount | null>(null);

  const confirm = () => {
    if (!pending) return;
    setActive.mutate({ id: pending.id, active: !pending.is_active }, { onSettled: () => setPending(null) });
  };

  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600 dark:text-slate-300">{t("users_intro")}</p>
      <CreateUserForm t={t} />
      {setActive.isError && <ErrorNotice error={setActive.error} />}
      {query.isPending ? (
        <Spinner />
      ) : query.isError ? (
        <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
          <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-700" data-testid="users-table">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500 dark:bg-slate-800 dark:text-slate-400">
              <tr>
                <th className="px-3 py-2">{t("email")}</th>
                <th className="px-3 py-2">{t("full_name")}</th>
                <th className="px-3 py-2">{t("role")}</th>
                <th className="px-3 py-2">{t("status")}</th>
                <th className="px-3 py-2">{t("created")}</th>
                <th className="px-3 py-2">{t("last_login")}</th>
                <th className="px-3 py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 bg-white dark:divide-slate-800 dark:bg-slate-900">
              {query.data.map((user) => {
                const self = user.id === me?.id;
                return (
                  <tr key={user.id} data-testid={`user-${user.email}`}>
                    <td className="px-3 py-2 text-slate-900 dark:text-slate-100">
                      {user.email} {self && <span className="text-xs text-slate-500">({t("you")})</span>}
                    </td>
                    <td className="px-3 py-2 text-slate-700 dark:text-slate-200">{user.full_name || "—"}</td>
                    <td className="px-3 py-2">{t(user.role === "admin" ? "role_admin" : "role_manager")}</td>
                    <td className="px-3 py-2">
                      <Badge tone={user.is_active ? "green" : "gray"}>{t(user.is_active ? "active" : "inactive")}</Badge>
                    </td>
                    <td className="whitespace-nowrap px-3 py-2 text-slate-600 dark:text-slate-300">{formatDateTime(user.created_at, language)}</td>
                    <td className="whitespace-nowrap px-3 py-2 text-slate-600 dark:text-slate-300">
                      {user.last_login_at ? formatDateTime(user.last_login_at, language) : t("never")}
                    </td>
                    <td className="px-3 py-2 text-right">
                      <Button
                        variant={user.is_active ? "ghost" : "secondary"}
                        disabled={self}
                        onClick={() => setPending(user)}
                        data-testid={`toggle-${user.email}`}
                      >
                        {t(user.is_active ? "deactivate" : "activate")}
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={t(pending?.is_active ? "confirm_deactivate_title" : "confirm_activate_title")}
        text={t(pending?.is_active ? "confirm_deactivate" : "confirm_activate", { email: pending?.email ?? "" })}
        confirmLabel={t(pending?.is_active ? "deactivate" : "activate")}
        danger={pending?.is_active ?? false}
        busy={setActive.isPending}
        onConfirm={confirm}
        onClose={() => setPending(null)}
      />
    </div>
  );
}
