"use client";

import { Suspense } from "react";

import { Spinner } from "@/components/ui";
import { AnalyticsPage } from "@/features/analytics/AnalyticsPage";

export default function Page() {
  return (
    <Suspense fallback={<Spinner />}>
      <AnalyticsPage />
    </Suspense>
  );
}
