"use client";

import type { ReactNode } from "react";

import { RequireLogin } from "@/components/Guards";
import { Shell } from "@/components/Shell";

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <RequireLogin>
      <Shell>{children}</Shell>
    </RequireLogin>
  );
}
