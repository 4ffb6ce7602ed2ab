"use client";

import { Suspense } from "react";

import { AdminOnly } from "@/components/Guards";
import { Spinner } from "@/components/ui";
import { SettingsPage } from "@/features/settings/SettingsPage";

export default function Page() {
  return (
    <AdminOnly>
      <Suspense fallback={<Spinner />}>
        <SettingsPage />
      </Suspense>
    </AdminOnly>
  );
}
