// Consultations calls: one week's bookings.
import { useQuery } from "@tanstack/react-query";

import { api } from "@/lib/api";

import type { Booking, BookingFilters } from "./types";
import { weekQuery } from "./week";

export const bookingsKey = (filters: BookingFilters) => ["bookings", filters] as const;

export function useBookings(filters: BookingFilters) {
  return useQuery({
    queryKey: bookingsKey(filters),
    queryFn: ({ signal }) => api<Booking[]>("/bookings", { query: weekQuery(filters), signal }),
  });
}
