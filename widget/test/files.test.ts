import { describe, expect, it } from "vitest";
import { acceptAttr, allowedTypes, checkFile, formatMb, resolveUrl } from "../src/files";
import { DEFAULT_SERVER_CONFIG, type ServerConfig } from "../src/types";

const cfg: ServerConfig = { ...DEFAULT_SERVER_CONFIG, max_attachments: 2, max_attachment_bytes: 1000 };
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

describe("attachment checks", () => {
  it("accepts images, PDF and DOCX within the limits", () => {
    expect(checkFile({ name: "a.png", type: "image/png", size: 10 }, cfg, 0)).toBeNull();
    expect(checkFile({ name: "КП.pdf", type: "application/pdf", size: 1000 }, cfg, 1)).toBeNull();
    expect(checkFile({ name: "бриф.docx", type: DOCX, size: 5 }, cfg, 0)).toBeNull();
    // Some browsers leave type empty: the extension decides.
    expect(checkFile({ name: "бриф.DOCX", type: "", size: 5 }, cfg, 0)).toBeNull();
  });

  it("refuses other types, big files and too many files", () => {
    expect(checkFile({ name: "x.exe", type: "application/x-msdownload", size: 10 }, cfg, 0)).toBe("type");
    expect(checkFile({ name: "x.svg", type: "image/svg+xml", size: 10 }, cfg, 0)).toBe("type");
    expect(checkFile({ name: "big.pdf", type: "application/pdf", size: 1001 }, cfg, 0)).toBe("size");
    expect(checkFile({ name: "c.png", type: "image/png", size: 1 }, cfg, 2)).toBe("count");
  });

  it("understands attachment_types given as MIME types or extensions", () => {
    expect(allowedTypes(["pdf", ".PNG", "image/png", "application/pdf"])).toEqual(["application/pdf", "image/png"]);
    expect(acceptAttr(["application/pdf", "image/jpeg"])).toBe("application/pdf,image/jpeg,.jpg,.jpeg,.pdf");
  });

  it("prefixes relative URLs with the API host and drops non-http ones", () => {
    expect(resolveUrl("/api/v1/files/abc?expires=1&signature=x", "https://api.x.ru")).toBe("https://api.x.ru/api/v1/files/abc?expires=1&signature=x");
    expect(resolveUrl("https://cdn.x.ru/a.png", "https://api.x.ru")).toBe("https://cdn.x.ru/a.png");
    expect(resolveUrl("javascript:alert(1)", "https://api.x.ru")).toBeNull();
    expect(resolveUrl(null, "https://api.x.ru")).toBeNull();
  });

  it("formats megabytes per language", () => {
    expect(formatMb(10 * 1024 * 1024, "ru")).toBe("10");
    expect(formatMb(2.5 * 1024 * 1024, "ru")).toBe("2,5");
    expect(formatMb(2.5 * 1024 * 1024, "en")).toBe("2.5");
  });
});
