"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { Button, TextInput } from "@/components/ui";
import { api, errorMessage } from "@/lib/api";
import type { Schemas } from "@/lib/api-types";
import { useAuth } from "@/lib/auth";
import { defineTexts, useT } from "@/lib/i18n";
import { safeNext } from "@/lib/navigation";
import { usePreferences } from "@/lib/preferences";

const texts = defineTexts({
  ru: {
    title: "Вход в панель Salesbot",
    email: "Эл. почта",
    password: "Пароль",
    submit: "Войти",
    empty: "Введите почту и пароль.",
  },
  en: {
    title: "Sign in to Salesbot",
    email: "Email",
    password: "Password",
    submit: "Sign in",
    empty: "Enter your email and password.",
  },
});

export default function LoginPage() {
  const t = useT(texts);
  const router = useRouter();
  const login = useAuth((state) => state.login);
  const { language, setLanguage } = usePreferences();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError(t("empty"));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const form = new URLSearchParams({ username: email.trim(), password });
      const { access_token } = await api<Schemas["TokenOut"]>("/auth/token", { form });
      const user = await fetch("/api/v1/auth/me", { headers: { Authorization: `Bearer ${access_token}` } });
      if (!user.ok) throw new Error(t("error_title"));
      login(access_token, (await user.json()) as Schemas["UserOut"]);
      router.replace(safeNext(new URLSearchParams(window.location.search).get("next")));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <form onSubmit={submit} className="w-full max-w-sm space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-700 dark:bg-slate-900" noValidate>
        <div className="flex items-center justify-between">
          <h1 className="text-lg font-semibold">{t("title")}</h1>
          <button type="button" className="text-sm text-brand-600" onClick={() => setLanguage(language === "ru" ? "en" : "ru")}>
            {t("language_switch")}
          </button>
        </div>
        <TextInput label={t("email")} type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        <TextInput label={t("password")} type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        {error && (
          <p role="alert" data-testid="login-error" className="text-sm text-red-600">
            {error}
          </p>
        )}
        <Button type="submit" variant="primary" busy={busy} className="w-full">
          {t("submit")}
        </Button>
      </form>
    </main>
  );
}
