import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { createElement, type ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { CHANNELS_STALE_MS, channelOptions, channelsKey, useChannelLabel, useChannelOptions, useChannels } from "@/lib/channels";
import { usePreferences } from "@/lib/preferences";
import { CHANNEL_LIST, loginAs, stubApi } from "@/test/render";

function withClient() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }) => createElement(QueryClientProvider, { client }, children);
  return { client, wrapper };
}

const channelCalls = (calls: { url: string }[]) => calls.filter((call) => call.url === "/api/v1/channels");

beforeEach(() => loginAs("manager"));
afterEach(() => {
  vi.unstubAllGlobals();
  usePreferences.getState().setLanguage("ru");
});

describe("useChannels", () => {
  it("asks the server once for its channels and keeps them as the server's configuration", async () => {
    const { calls } = stubApi([]);
    const { client, wrapper } = withClient();
    const first = renderHook(() => useChannels(), { wrapper });
    renderHook(() => useChannels(), { wrapper });
    await waitFor(() => expect(first.result.current.data).toEqual(CHANNEL_LIST));
    expect(channelCalls(calls)).toHaveLength(1);
    expect(client.getQueryData(channelsKey)).toEqual(CHANNEL_LIST);
    expect(channelsKey).toEqual(["channels"]);
    expect(CHANNELS_STALE_MS).toBeGreaterThanOrEqual(10 * 60 * 1000);

    // A later user of the list gets it from the cache, without asking again.
    renderHook(() => useChannels(), { wrapper });
    expect(channelCalls(calls)).toHaveLength(1);
  });

  it("lets a test's own /channels route win over the shared one", async () => {
    stubApi([{ path: "/api/v1/channels", body: [{ ...CHANNEL_LIST[0]!, label: "Виджет", label_en: "Widget" }] }]);
    const { wrapper } = withClient();
    const { result } = renderHook(() => useChannelLabel(), { wrapper });
    await waitFor(() => expect(result.current("web")).toBe("Виджет"));
    expect(result.current("telegram")).toBe("telegram");
  });
});

describe("useChannelLabel", () => {
  it("names a channel in the interface language", async () => {
    stubApi([]);
    const { wrapper } = withClient();
    const { result } = renderHook(() => useChannelLabel(), { wrapper });
    await waitFor(() => expect(result.current("web")).toBe("Сайт"));
    expect(result.current("avito")).toBe("Авито");

    act(() => usePreferences.getState().setLanguage("en"));
    expect(result.current("web")).toBe("Website");
    expect(result.current("avito")).toBe("Avito");
    expect(result.current("telegram")).toBe("Telegram");
  });

  it("shows the code of a channel the server does not serve, and while the list loads", async () => {
    stubApi([]);
    const { wrapper } = withClient();
    const { result } = renderHook(() => useChannelLabel(), { wrapper });
    expect(result.current("web")).toBe("web");
    await waitFor(() => expect(result.current("web")).toBe("Сайт"));
    expect(result.current("amocrm_widget")).toBe("amocrm_widget");
  });

  it("shows codes when the list cannot be had", async () => {
    const { calls } = stubApi([{ path: "/api/v1/channels", status: 500, body: { error: { code: "internal", message: "Ошибка." } } }]);
    const { wrapper } = withClient();
    const { result } = renderHook(() => useChannelLabel(), { wrapper });
    await waitFor(() => expect(channelCalls(calls)).toHaveLength(1));
    expect(result.current("web")).toBe("web");
  });
});

describe("channel filter choices", () => {
  it("lists the server's channels in its order, in the language, keeping an unknown chosen one", () => {
    expect(channelOptions(CHANNEL_LIST, "ru")).toEqual([
      { value: "web", label: "Сайт" },
      { value: "telegram", label: "Telegram" },
      { value: "avito", label: "Авито" },
    ]);
    expect(channelOptions(CHANNEL_LIST, "en", "web").map((option) => option.label)).toEqual(["Website", "Telegram", "Avito"]);
    expect(channelOptions(CHANNEL_LIST, "ru", "vk").at(-1)).toEqual({ value: "vk", label: "vk" });
    expect(channelOptions(undefined, "ru")).toEqual([]);
  });

  it("comes from GET /channels", async () => {
    stubApi([]);
    const { wrapper } = withClient();
    const { result } = renderHook(() => useChannelOptions(), { wrapper });
    await waitFor(() => expect(result.current.map((option) => option.value)).toEqual(["web", "telegram", "avito"]));
  });
});
