import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";

import { Providers } from "@/components/Providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Salesbot — панель менеджера",
  description: "Диалоги, лиды, аналитика и настройки Salesbot",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Applies the saved theme before the first paint, so a dark-theme user never sees a white flash.
const THEME_BOOT = `try{var p=JSON.parse(localStorage.getItem("salesbot-dashboard-preferences")||"{}").state||{};if(p.theme==="dark")document.documentElement.classList.add("dark");document.documentElement.lang=p.language||"ru"}catch(e){}`;

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="ru" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT }} />
      </head>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
