import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { ApiError } from "@/lib/api";
import { loginAs, renderWithClient, stubApi } from "@/test/render";

import type { Uploader } from "./api";
import { KnowledgePage } from "./KnowledgePage";
import type { IngestResult, KbDocument, KbHistory } from "./types";

const doc = (over: Partial<KbDocument>): KbDocument => ({
  id: "d1",
  source_key: "faq/oplata.md",
  title: "Частые вопросы об оплате",
  category: "faq",
  is_active: true,
  active_version: 2,
  updated_at: "2026-11-20T09:00:00Z",
  chunks: 4,
  index_status: "indexed",
  index_error: null,
  ...over,
});

const DOCUMENTS = [
  doc({}),
  doc({ id: "d2", source_key: "prices/tarify.md", title: "Тарифы", category: "prices", chunks: 7, index_status: "pending", active_version: 1 }),
  doc({ id: "d3", source_key: "readme.md", title: "О компании", category: "", chunks: 0, index_status: "failed", index_error: "OpenAI ответил 401" }),
];

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

beforeEach(() => loginAs("admin"));
afterEach(() => vi.unstubAllGlobals());

describe("KnowledgePage", () => {
  it("groups documents by category with chunks and indexing state", async () => {
    stubApi([{ path: "/api/v1/admin/kb/documents", body: DOCUMENTS }]);
    renderWithClient(<KnowledgePage />);
    const rows = await screen.findAllByTestId("kb-document-row");
    expect(rows.map((row) => row.dataset.key)).toEqual(["faq/oplata.md", "prices/tarify.md", "readme.md"]);
    const groups = screen.getAllByTestId("kb-group").map((group) => group.dataset.category);
    expect(groups).toEqual(["faq", "prices", ""]);
    expect(within(rows[1]!).getByTestId("kb-index-status")).toHaveTextContent("Переиндексация…");
    expect(within(rows[2]!).getByText("OpenAI ответил 401")).toBeInTheDocument();
    expect(within(rows[1]!).getAllByRole("cell")[2]).toHaveTextContent("7");

    await userEvent.click(screen.getByRole("button", { name: /faq/ }));
    expect(screen.getAllByTestId("kb-document-row")).toHaveLength(2);
  });

  it("uploads several files one by one with progress and each file's result", async () => {
    stubApi([{ path: "/api/v1/admin/kb/documents", body: DOCUMENTS }]);
    const calls: { name: string; category: string; progress: (share: number) => void; done: ReturnType<typeof deferred<IngestResult>> }[] = [];
    const uploader: Uploader = (file, category, progress) => {
      const done = deferred<IngestResult>();
      calls.push({ name: file.name, category, progress, done });
      return done.promise;
    };
    renderWithClient(<KnowledgePage uploader={uploader} />);
    await userEvent.type(screen.getByTestId("kb-upload-category"), "faq");
    const files = [new File(["# Оплата"], "oplata.md", { type: "text/markdown" }), new File(["%PDF"], "broken.pdf")];
    await userEvent.upload(screen.getByTestId("kb-upload-input"), files);

    await waitFor(() => expect(calls).toHaveLength(1));
    expect([calls[0]!.name, calls[0]!.category]).toEqual(["oplata.md", "faq"]);
    act(() => calls[0]!.progress(0.4));
    const [first, second] = screen.getAllByTestId("kb-upload-result");
    expect(first).toHaveAttribute("data-name", "oplata.md");
    expect(within(first!).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "40");
    expect(first).toHaveTextContent("Загружаем… 40 %");
    expect(second).toHaveTextContent("В очереди");

    await act(async () => calls[0]!.done.resolve({ key: "faq/oplata.md", status: "updated", version: 3, chunks: 5 }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(first).toHaveAttribute("data-status", "updated");
    expect(first).toHaveTextContent("Новая версия 3 · фрагментов: 5");

    await act(async () => calls[1]!.done.reject(new ApiError(422, "file_unreadable", "Файл «broken.pdf» не принят: файл повреждён.")));
    await waitFor(() => expect(second).toHaveAttribute("data-status", "failed"));
    expect(second).toHaveTextContent("Файл «broken.pdf» не принят: файл повреждён.");
  });

  it("replaces a document: the picked file takes the document's category and name", async () => {
    stubApi([{ path: "/api/v1/admin/kb/documents", body: DOCUMENTS }]);
    const seen: [string, string][] = [];
    const uploader: Uploader = async (file, category) => {
      seen.push([file.name, category]);
      return { key: "faq/oplata.md", status: "unchanged", version: 2, chunks: 0 };
    };
    renderWithClient(<KnowledgePage uploader={uploader} />);
    const [row] = await screen.findAllByTestId("kb-document-row");
    await userEvent.click(within(row!).getByTestId("kb-replace"));
    await userEvent.upload(screen.getByTestId("kb-replace-input"), new File(["# Новое"], "новая-версия.md"));
    await waitFor(() => expect(seen).toEqual([["oplata.md", "faq"]]));
    expect(await screen.findByText("Без изменений (версия 2)")).toBeInTheDocument();
  });

  it("deletes after confirmation", async () => {
    const { calls } = stubApi([
      { path: "/api/v1/admin/kb/documents", body: DOCUMENTS },
      { method: "DELETE", path: "/api/v1/admin/kb/documents/d2", status: 204 },
    ]);
    renderWithClient(<KnowledgePage />);
    const rows = await screen.findAllByTestId("kb-document-row");
    await userEvent.click(within(rows[1]!).getByTestId("kb-delete"));
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(dialog).toHaveTextContent("«Тарифы» пропадёт из поиска");
    await userEvent.click(within(dialog).getByTestId("confirm-ok"));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE" && c.url === "/api/v1/admin/kb/documents/d2")).toBe(true));
    await waitFor(() => expect(screen.queryByTestId("confirm-dialog")).not.toBeInTheDocument());
  });

  it("restores an earlier version from the history", async () => {
    const { calls } = stubApi([
      { path: "/api/v1/admin/kb/documents", body: DOCUMENTS },
      {
        path: "/api/v1/admin/kb/documents/d1",
        body: {
          document: DOCUMENTS[0]!,
          versions: [
            { number: 2, content_hash: "b", file_type: "md", size_bytes: 2048, title: "Частые вопросы об оплате", created_at: "2026-11-20T09:00:00Z" },
            { number: 1, content_hash: "a", file_type: "md", size_bytes: 1024, title: "Оплата", created_at: "2026-11-01T09:00:00Z" },
          ],
          changes: [
            { action: "added", version: 1, actor: "admin@example.com", created_at: "2026-11-01T09:00:00Z" },
            { action: "updated", version: 2, actor: "anna@example.com", created_at: "2026-11-20T09:00:00Z" },
          ],
        } satisfies KbHistory,
      },
      { method: "POST", path: "/api/v1/admin/kb/documents/d1/versions/1/restore", body: { ...DOCUMENTS[0]!, active_version: 1 } satisfies KbDocument },
    ]);
    renderWithClient(<KnowledgePage />);
    const [row] = await screen.findAllByTestId("kb-document-row");
    await userEvent.click(within(row!).getByTestId("kb-history-open"));
    const drawer = await screen.findByTestId("kb-history");
    await within(drawer).findAllByTestId("kb-version");
    expect(drawer).toHaveTextContent("обновлён v2 · anna@example.com");
    // The current version (2) has no restore button; version 1 has.
    const restore = within(drawer).getAllByTestId("kb-restore");
    expect(restore).toHaveLength(1);
    fireEvent.click(restore[0]!);
    await waitFor(() =>
      expect(calls.filter((c) => c.method === "POST").map((c) => c.url)).toEqual(["/api/v1/admin/kb/documents/d1/versions/1/restore"]),
    );
  });
});
