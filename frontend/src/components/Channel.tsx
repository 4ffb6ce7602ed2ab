// Channels as the server names them (GET /channels): a badge with a channel's name and a
// filter of "all", then the channels this server serves in its order, in the interface language.
"use client";

import type { SelectHTMLAttributes } from "react";

import { Badge, Select } from "@/components/ui";
import { useChannelLabel, useChannelOptions } from "@/lib/channels";

/** The channel's name (its code when the server does not serve it). */
export function ChannelBadge({ code }: { code: string }) {
  const channelLabel = useChannelLabel();
  return <Badge tone="blue">{channelLabel(code)}</Badge>;
}

type Props = Omit<SelectHTMLAttributes<HTMLSelectElement>, "value" | "children"> & {
  /** The chosen channel's code; "" for every channel. */
  value: string;
  /** The text of the "every channel" choice. */
  allLabel: string;
  label?: string;
};

export function ChannelSelect({ value, allLabel, ...rest }: Props) {
  const options = useChannelOptions(value);
  return (
    <Select value={value} {...rest}>
      <option value="">{allLabel}</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </Select>
  );
}
