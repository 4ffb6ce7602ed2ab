// Operator accounts: the list, a new account, and switching one off or on (after a question).
"use client";

import { useState } from "react";

import { Badge, Button, DataTable, ErrorNotice, Spinner } from "@/components/ui";
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
        <DataTable testId="users-table" headers={[t("email"), t("full_name"), t("role"), t("status"), t("created"), t("last_login"), null]}>
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
        </DataTable>
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
