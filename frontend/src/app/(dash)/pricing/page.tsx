"use client";

import { AdminOnly } from "@/components/Guards";
import { PricingPage } from "@/features/pricing/PricingPage";

export default function Page() {
  return (
    <AdminOnly>
      <PricingPage />
    </AdminOnly>
  );
}
