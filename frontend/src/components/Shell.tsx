// The frame around every page: navigation by role, live status, theme and language switches.
"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";

import { Icon, type IconName } from "@/components/Icon";
import { useAuth, isAdmin } from "@/lib/auth";
import { useT } from "@/lib/i18n";
import { usePreferences } from "@/lib/preferences";
import { closeOperatorSocket, operatorSocket, useLive } from "@/lib/socket";

export interface NavItem {
  href: string;
  key: "nav_inbox" | "nav_leads" | "nav_bookings" | "nav_analytics" | "nav_knowledge" | "nav_pricing" | "nav_templates" | "nav_settings";
  adminOnly: boolean;
  icon: IconName;
}

export const NAV: NavItem[] = [
  { href: "/inbox/", key: "nav_inbox", adminOnly: false, icon: "chat" },
  { href: "/leads/", key: "nav_leads", adminOnly: false, icon: "user" },
  { href: "/bookings/", key: "nav_bookings", adminOnly: false, icon: "calendar" },
  { href: "/analytics/", key: "nav_analytics", adminOnly: false, icon: "chart" },
  { href: "/knowledge/", key: "nav_knowledge", adminOnly: true, icon: "book" },
  { href: "/pricing/", key: "nav_pricing", adminOnly: true, icon: "ruble" },
  { href: "/templates/", key: "nav_templates", adminOnly: true, icon: "file" },
  { href: "/settings/", key: "nav_settings", adminOnly: true, icon: "gear" },
];

export function visibleNav(admin: boolean): NavItem[] {
  return NAV.filter((item) => admin || !item.adminOnly);
}

export function Shell({ children }: { children: ReactNode }) {
  const t = useT();
  const pathname = usePathname();
  const router = useRouter();
  const { token, user, logout } = useAuth();
  const { theme, setTheme, language, setLanguage } = usePreferences();
  const live = useLive((state) => state.status);
  const [menuOpen, setMenuOpen] = useState(false);

  useEffect(() => {
    if (token) operatorSocket(token);
  }, [token]);

  const signOut = () => {
    closeOperatorSocket();
    logout();
    router.replace("/login/");
  };
  const items = visibleNav(isAdmin(user));

  return (
    <div className="flex min-h-screen">
      <nav
        aria-label="Разделы"
        className={`${menuOpen ? "flex" : "hidden"} fixed inset-y-0 left-0 z-30 w-56 flex-col border-r border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900 md:static md:flex`}
      >
        <div className="mb-4 flex items-center gap-2 px-2 text-lg font-semibold">
          <span className="rounded bg-brand-600 px-1.5 text-white">S</span> {t("app_name")}
        </div>
        <ul className="flex-1 space-y-1">
          {items.map((item) => {
            const active = pathname.startsWith(item.href.replace(/\/$/, ""));
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  prefetch
                  data-testid={`nav-${item.href.replaceAll("/", "")}`}
                  aria-current={active ? "page" : undefined}
                  onClick={() => setMenuOpen(false)}
                  className={`flex items-center gap-2 rounded-md px-2 py-1.5 text-sm ${active ? "bg-brand-50 font-medium text-brand-700 dark:bg-slate-800 dark:text-white" : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
                >
                  <Icon name={item.icon} className="h-4 w-4" />
                  {t(item.key)}
                </Link>
              </li>
            );
          })}
        </ul>
        <div className="space-y-1 border-t border-slate-200 pt-3 text-sm dark:border-slate-800">
          <p className="truncate px-2 text-slate-700 dark:text-slate-200" title={user?.email}>{user?.email}</p>
          <p className="px-2 text-xs text-slate-500">
            {user ? t(user.role === "admin" ? "role_admin" : "role_manager") : ""}
            {" · "}
            <span data-testid="live-status" data-status={live} className={live === "online" ? "text-green-600" : "text-amber-600"}>
              {live === "online" ? "online" : live === "connecting" ? "…" : "offline"}
            </span>
          </p>
          <button type="button" className="block w-full rounded px-2 py-1 text-left hover:bg-slate-100 dark:hover:bg-slate-800" onClick={() => setTheme(theme === "dark" ? "light" : "dark")} data-testid="theme-toggle">
            <span className="inline-flex items-center gap-2"><Icon name={theme === "dark" ? "sun" : "moon"} />{theme === "dark" ? t("theme_light") : t("theme_dark")}</span>
          </button>
          <button type="button" className="block w-full rounded px-2 py-1 text-left hover:bg-slate-100 dark:hover:bg-slate-800" onClick={() => setLanguage(language === "ru" ? "en" : "ru")} data-testid="language-toggle">
            <span className="inline-flex items-center gap-2"><Icon name="globe" />{t("language_switch")}</span>
          </button>
          <button type="button" className="block w-full rounded px-2 py-1 text-left text-red-600 hover:bg-slate-100 dark:hover:bg-slate-800" onClick={signOut} data-testid="logout">
            {t("logout")}
          </button>
        </div>
      </nav>
      {menuOpen && <div className="fixed inset-0 z-20 bg-black/30 md:hidden" onClick={() => setMenuOpen(false)} aria-hidden="true" />}
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center gap-2 border-b border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-900 md:hidden">
          <button type="button" aria-label="Меню" className="rounded px-2 py-1 text-xl" onClick={() => setMenuOpen(true)}><Icon name="menu" className="h-5 w-5" /></button>
          <span className="font-semibold">{t("app_name")}</span>
        </header>
        <main className="min-w-0 flex-1 p-4 md:p-6">{children}</main>
      </div>
    </div>
  );
}
