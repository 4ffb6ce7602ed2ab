"use client";

import { Suspense } from "react";

import { Spinner } from "@/components/ui";
import { LeadsPage } from "@/features/leads/LeadsPage";

export default function Page() {
  return (
    <Suspense fallback={<Spinner />}>
      <LeadsPage />
    </Suspense>
  );
}
