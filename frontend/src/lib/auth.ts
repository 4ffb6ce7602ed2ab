// Who is logged in: the JWT and the operator, kept in localStorage so a reload stays logged in.
import { create } from "zustand";
import { persist } from "zustand/middleware";

import type { Schemas } from "@/lib/api-types";

export type Role = Schemas["Role"];

/** The signed-in operator: the part of TokenOut's `user` (UserOut) kept in localStorage. */
export type Operator = Pick<Schemas["UserOut"], "id" | "email" | "full_name" | "role" | "is_active">;

interface AuthState {
  token: string | null;
  user: Operator | null;
  login: (token: string, user: Operator) => void;
  logout: () => void;
}

export const useAuth = create<AuthState>()(
  persist(
    (set) => ({
      token: null,
      user: null,
      login: (token, user) => set({ token, user }),
      logout: () => set({ token: null, user: null }),
    }),
    { name: "salesbot-dashboard-auth" },
  ),
);

export const isAdmin = (user: Operator | null): boolean => user?.role === "admin";
