// Interface language and theme, remembered per browser.
import { create } from "zustand";
import { persist } from "zustand/middleware";

export type Language = "ru" | "en";
export type Theme = "light" | "dark";

interface Preferences {
  language: Language;
  theme: Theme;
  sound: boolean;
  setLanguage: (language: Language) => void;
  setTheme: (theme: Theme) => void;
  setSound: (sound: boolean) => void;
}

export const usePreferences = create<Preferences>()(
  persist(
    (set) => ({
      language: "ru",
      theme: "light",
      sound: true,
      setLanguage: (language) => set({ language }),
      setTheme: (theme) => set({ theme }),
      setSound: (sound) => set({ sound }),
    }),
    { name: "salesbot-dashboard-preferences" },
  ),
);
