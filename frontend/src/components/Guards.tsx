// Pages open only for a logged-in operator; admin pages only for an admin.
"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";

import { useAuth, isAdmin } from "@/lib/auth";
import { useT } from "@/lib/i18n";
import { Spinner } from "@/components/ui";

/** Waits for the stored session to load (zustand persist), then sends a stranger to /login. */
export function RequireLogin({ children }: { children: ReactNode }) {
  const router = useRouter();
  const token = useAuth((state) => state.token);
  // Decide only after mounting: while React hydrates the exported HTML, zustand reports its
  // initial (logged-out) state, and acting on it would send everyone to /login.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => {
    if (useAuth.persist.hasHydrated()) setHydrated(true);
    else return useAuth.persist.onFinishHydration(() => setHydrated(true));
  }, []);
  useEffect(() => {
    if (hydrated && !token) {
      const back = window.location.pathname + window.location.search;
      router.replace(`/login/?next=${encodeURIComponent(back)}`);
    }
  }, [hydrated, token, router]);
  if (!hydrated || !token) {
    return (
      <div className="flex min-h-screen items-center justify-center">
        <Spinner />
      </div>
    );
  }
  return <>{children}</>;
}

export function AdminOnly({ children }: { children: ReactNode }) {
  const t = useT();
  const user = useAuth((state) => state.user);
  if (!isAdmin(user)) {
    return (
      <p role="alert" data-testid="admin-only" className="rounded-md border border-amber-300 bg-amber-50 p-4 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
        {t("admin_only")}
      </p>
    );
  }
  return <>{children}</>;
}
