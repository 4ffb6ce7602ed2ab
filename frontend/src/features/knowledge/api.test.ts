import { afterEach, describe, expect, it, vi } from "vitest";

import { loginAs } from "@/test/render";

import { uploadDocument } from "./api";
import type { IngestResult } from "./types";

/** Just enough of XMLHttpRequest: records the request, lets the test drive progress and load. */
class FakeXhr {
  static last: FakeXhr | null = null;
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  responseText = "";
  upload: { onprogress: ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    [this.method, this.url] = [method, url];
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader() {
    return "application/json";
  }
  send(body: FormData) {
    this.body = body;
  }
}

afterEach(() => vi.unstubAllGlobals());

describe("uploadDocument", () => {
  it("posts the file and category as a form and reports progress", async () => {
    loginAs("admin");
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const shares: number[] = [];
    const file = new File(["# Оплата"], "oplata.md");
    const result = uploadDocument(file, "faq", (share) => shares.push(share));
    const xhr = FakeXhr.last!;
    expect([xhr.method, xhr.url, xhr.headers.Authorization]).toEqual(["POST", "/api/v1/admin/kb/documents", "Bearer test-token"]);
    expect((xhr.body!.get("file") as File).name).toBe("oplata.md");
    expect(xhr.body!.get("category")).toBe("faq");
    xhr.upload.onprogress!({ lengthComputable: true, loaded: 30, total: 120 });
    xhr.upload.onprogress!({ lengthComputable: true, loaded: 120, total: 120 });
    expect(shares).toEqual([0.25, 1]);
    xhr.status = 201;
    xhr.responseText = JSON.stringify({ key: "faq/oplata.md", status: "added", version: 1, chunks: 2 } satisfies IngestResult);
    xhr.onload!();
    await expect(result).resolves.toEqual({ key: "faq/oplata.md", status: "added", version: 1, chunks: 2 });
  });

  it("turns the server's refusal into its Russian message", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const result = uploadDocument(new File(["x"], "table.xlsx"), "", () => undefined);
    const xhr = FakeXhr.last!;
    xhr.status = 422;
    xhr.responseText = JSON.stringify({ error: { code: "file_unreadable", message: "Файл «table.xlsx» не принят: неподдерживаемый тип файла.", details: null } });
    xhr.onload!();
    await expect(result).rejects.toMatchObject({ status: 422, message: "Файл «table.xlsx» не принят: неподдерживаемый тип файла." });
  });
});
