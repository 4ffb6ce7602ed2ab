"use client";

import { Suspense } from "react";

import { Spinner } from "@/components/ui";
import { LeadPage } from "@/features/leads/LeadPage";

export default function Page() {
  return (
    <Suspense fallback={<Spinner />}>
      <LeadPage />
    </Suspense>
  );
}
