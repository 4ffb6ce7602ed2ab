"use client";

import { Suspense } from "react";

import { Spinner } from "@/components/ui";
import { BookingsPage } from "@/features/bookings/BookingsPage";

export default function Page() {
  return (
    <Suspense fallback={<Spinner />}>
      <BookingsPage />
    </Suspense>
  );
}
