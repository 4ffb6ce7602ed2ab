"use client";

import { Suspense } from "react";

import { Spinner } from "@/components/ui";
import { InboxPage } from "@/features/inbox/InboxPage";

export default function Page() {
  return (
    <Suspense fallback={<Spinner />}>
      <InboxPage />
    </Suspense>
  );
}
