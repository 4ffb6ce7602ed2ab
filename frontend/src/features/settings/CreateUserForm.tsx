// A new operator account: email, name, role and a password by the server's rules.
"use client";

import { useState, type FormEvent } from "react";

import { Button, ErrorNotice, Select, TextInput } from "@/components/ui";
import type { Role } from "@/lib/auth";

import { fieldErrors, useCreateUser } from "./api";
import type { SettingsT } from "./texts";
import { MIN_PASSWORD_LENGTH, type UserCreate } from "./types";

const EMPTY: UserCreate = { email: "", full_name: "", role: "manager", password: "" };
// Which field a service error concerns (salesbot/users/service.py).
const CODES = { invalid_email: "email", user_exists: "email", weak_password: "password" };

export function CreateUserForm({ t }: { t: SettingsT }) {
  const create = useCreateUser();
  const [form, setForm] = useState<UserCreate>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<string | null>(null);

  const set = (patch: Partial<UserCreate>) => {
    setForm({ ...form, ...patch });
    setCreated(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!form.email.trim()) local.email = t("field_required");
    if (form.password.length < MIN_PASSWORD_LENGTH) local.password = t("password_short", { min: MIN_PASSWORD_LENGTH });
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    const body: UserCreate = { ...form, email: form.email.trim(), full_name: form.full_name.trim() };
    create.mutate(body, {
      onSuccess: (user) => {
        setForm(EMPTY);
        setCreated(user.email);
      },
      onError: (error) => setErrors(fieldErrors(error, CODES)),
    });
  };

  const general = create.isError && Object.keys(fieldErrors(create.error, CODES)).length === 0;
  return (
    <form onSubmit={submit} noValidate data-testid="create-user-form" className="rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      <h3 className="mb-3 text-sm font-semibold text-slate-800 dark:text-slate-100">{t("create_user")}</h3>
      <div className="grid gap-3 md:grid-cols-2 lg:grid-cols-4">
        <TextInput label={t("email")} type="email" autoComplete="off" value={form.email} error={errors.email} onChange={(e) => set({ email: e.target.value })} data-testid="new-user-email" />
        <TextInput label={t("full_name")} value={form.full_name} error={errors.full_name} onChange={(e) => set({ full_name: e.target.value })} data-testid="new-user-name" />
        <Select label={t("role")} value={form.role} onChange={(e) => set({ role: e.target.value as Role })} data-testid="new-user-role">
          <option value="manager">{t("role_manager")}</option>
          <option value="admin">{t("role_admin")}</option>
        </Select>
        <div>
          <TextInput
            label={t("password")}
            type="password"
            autoComplete="new-password"
            value={form.password}
            error={errors.password}
            onChange={(e) => set({ password: e.target.value })}
            data-testid="new-user-password"
          />
          {!errors.password && <span className="mt-1 block text-xs text-slate-500">{t("password_hint", { min: MIN_PASSWORD_LENGTH })}</span>}
        </div>
      </div>
      {general && (
        <div className="mt-3">
          <ErrorNotice error={create.error} />
        </div>
      )}
      <div className="mt-3 flex items-center gap-3">
        <Button type="submit" variant="primary" busy={create.isPending} data-testid="create-user">
          {create.isPending ? t("creating") : t("create_user")}
        </Button>
        {created && <span role="status" className="text-sm text-green-700 dark:text-green-400">{t("user_created", { email: created })}</span>}
      </div>
    </form>
  );
}
