"use client";

import { AdminOnly } from "@/components/Guards";
import { SettingsPage } from "@/features/settings/SettingsPage";

export default function Page() {
  return (
    <AdminOnly>
      <SettingsPage />
    </AdminOnly>
  );
}
