"use client";

import { AdminOnly } from "@/components/Guards";
import { TemplatesPage } from "@/features/templates/TemplatesPage";

export default function Page() {
  return (
    <AdminOnly>
      <TemplatesPage />
    </AdminOnly>
  );
}
