// The channels this server serves, as GET /api/v1/channels names them: the adapters are the one
// source of a channel's display name, so the dashboard keeps no copy of the names or the list.
import { useQuery } from "@tanstack/react-query";
import { useCallback } from "react";

import { api } from "@/lib/api";
import type { Schemas } from "@/lib/api-types";
import { usePreferences, type Language } from "@/lib/preferences";

/** One channel: its code (stored with conversations and leads), names and capabilities. */
export type ChannelInfo = Schemas["ChannelOut"];

export const channelsKey = ["channels"] as const;
/** The list changes only with the server's configuration (a restart): no need to ask again. */
export const CHANNELS_STALE_MS = 60 * 60 * 1000;

export function useChannels() {
  return useQuery({
    queryKey: channelsKey,
    queryFn: ({ signal }) => api<ChannelInfo[]>("/channels", { signal }),
    staleTime: CHANNELS_STALE_MS,
  });
}

/** The channel's name in the language; the code itself for a channel the server does not serve. */
export function channelLabel(channels: readonly ChannelInfo[] | undefined, code: string, language: Language): string {
  const channel = channels?.find((item) => item.name === code);
  if (!channel) return code;
  return (language === "en" ? channel.label_en : channel.label) || code;
}

/** `(code) => name` in the interface language (the code while the list loads or when unknown). */
export function useChannelLabel(): (code: string) => string {
  const language = usePreferences((state) => state.language);
  const { data } = useChannels();
  return useCallback((code: string) => channelLabel(data, code, language), [data, language]);
}

export interface ChannelOption {
  value: string;
  label: string;
}

/**
 * A filter's choices: the server's channels in its order, named in the language. A chosen
 * channel the server does not list (an old link) stays a choice, so the select shows it.
 */
export function channelOptions(channels: readonly ChannelInfo[] | undefined, language: Language, selected?: string): ChannelOption[] {
  const options = (channels ?? []).map((channel) => ({ value: channel.name, label: channelLabel(channels, channel.name, language) }));
  if (selected && !options.some((option) => option.value === selected)) options.push({ value: selected, label: selected });
  return options;
}

export function useChannelOptions(selected?: string): ChannelOption[] {
  const language = usePreferences((state) => state.language);
  const { data } = useChannels();
  return channelOptions(data, language, selected);
}
