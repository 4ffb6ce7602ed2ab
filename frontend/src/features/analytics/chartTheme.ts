// Colours of the charts in the light and the dark theme (Recharts draws with inline colours).
import { usePreferences } from "@/lib/preferences";

export const SERIES = {
  brand: "#3b6ef5",
  customer: "#0ea5e9",
  bot: "#8b5cf6",
  manager: "#f59e0b",
  handoffs: "#f97316",
  automation: "#10b981",
  promoters: "#16a34a",
  passives: "#94a3b8",
  detractors: "#dc2626",
  target: "#e11d48",
};

export function useChartTheme() {
  const dark = usePreferences((state) => state.theme) === "dark";
  return {
    axis: dark ? "#94a3b8" : "#64748b",
    grid: dark ? "#334155" : "#e2e8f0",
    label: dark ? "#e2e8f0" : "#0f172a",
    cursor: dark ? "rgba(148,163,184,0.15)" : "rgba(100,116,139,0.1)",
    tooltip: {
      backgroundColor: dark ? "#0f172a" : "#ffffff",
      border: `1px solid ${dark ? "#334155" : "#e2e8f0"}`,
      borderRadius: 6,
      color: dark ? "#e2e8f0" : "#0f172a",
      fontSize: 12,
    },
  };
}

/** Charts keep their height and take the card's width. */
export const CHART_HEIGHT = 260;
