"use client";

import { AdminOnly } from "@/components/Guards";
import { KnowledgePage } from "@/features/knowledge/KnowledgePage";

export default function Page() {
  return (
    <AdminOnly>
      <KnowledgePage />
    </AdminOnly>
  );
}
