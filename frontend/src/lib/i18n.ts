// Interface texts: each feature keeps its own Russian and English dictionary beside its code;
// `useT(dictionary)` picks the operator's language and falls back to the shared texts.
import { common } from "@/i18n/common";
import { usePreferences, type Language } from "@/lib/preferences";

/** Both languages must name the same keys: a missing English text is a type error. */
export interface Dictionary<K extends string> {
  ru: Record<K, string>;
  en: Record<K, string>;
}

export function defineTexts<K extends string>(texts: Dictionary<K>): Dictionary<K> {
  return texts;
}

type Vars = Record<string, string | number>;
export type Translate<K extends string> = (key: K | CommonKey, vars?: Vars) => string;
export type CommonKey = keyof typeof common.ru;

export function translate<K extends string>(
  language: Language,
  texts: Dictionary<K> | null,
  key: K | CommonKey,
  vars?: Vars,
): string {
  const own = texts?.[language] as Record<string, string> | undefined;
  const shared = common[language] as Record<string, string>;
  const template = own?.[key] ?? shared[key] ?? key;
  return vars ? template.replace(/\{(\w+)\}/g, (whole, name: string) => String(vars[name] ?? whole)) : template;
}

export function useT<K extends string = never>(texts: Dictionary<K> | null = null): Translate<K> {
  const language = usePreferences((state) => state.language);
  return (key, vars) => translate(language, texts, key, vars);
}

/** Russian plural: 1 сообщение, 2 сообщения, 5 сообщений. */
export function plural(count: number, one: string, few: string, many: string): string {
  const tens = Math.abs(count) % 100;
  const units = tens % 10;
  if (tens > 10 && tens < 20) return many;
  if (units === 1) return one;
  if (units >= 2 && units <= 4) return few;
  return many;
}
