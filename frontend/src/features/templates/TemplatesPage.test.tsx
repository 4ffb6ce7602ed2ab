import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { loginAs, renderWithClient } from "@/test/render";

import { type TemplateOut, type TemplateVersion } from "./api";
import { TemplatesPage } from "./TemplatesPage";

interface Call {
  method: string;
  url: string;
  body: Record<string, unknown> | null;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const OFFER_V2 = "{% extends 'base.html.j2' %}\n{% block body %}<h1>Наше предложение</h1>{% endblock %}";
const OFFER_V1 = "{% extends 'base.html.j2' %}\n{% block body %}<h1>Предложение о сотрудничестве</h1>{% endblock %}";

function backend(put: (call: Call) => Response, draftPreview: (call: Call) => Response = () => json({}, 404)) {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const call = { method: init.method ?? "GET", url, body: init.body ? JSON.parse(String(init.body)) : null };
      calls.push(call);
      const base = "/api/v1/admin/documents/templates";
      if (url === base) return json(["base.html.j2", "offer.html.j2", "contract.html.j2", "invoice.html.j2"]);
      if (url === `${base}/offer.html.j2` && call.method === "GET") return json({ name: "offer.html.j2", version: 2, body: OFFER_V2 } satisfies TemplateOut);
      if (url === `${base}/contract.html.j2`) return json({ name: "contract.html.j2", version: 0, body: "<p>Договор</p>" } satisfies TemplateOut);
      if (url.endsWith("/versions")) {
        return json(
          url.includes("offer")
            ? [
                { name: "offer.html.j2", version: 2, created_by: "anna@example.com", created_at: "2026-11-20T09:00:00Z", body: OFFER_V2 },
                { name: "offer.html.j2", version: 1, created_by: "admin@example.com", created_at: "2026-11-10T09:00:00Z", body: OFFER_V1 },
              ] satisfies TemplateVersion[]
            : ([] satisfies TemplateVersion[]),
        );
      }
      if (url.endsWith("/preview")) {
        if (call.body?.body !== null) return draftPreview(call);
        return new Response(`<html><body><h1>КП ${String(call.body?.kind)}</h1></body></html>`, { headers: { "Content-Type": "text/html" } });
      }
      if (call.method === "PUT") return put(call);
      return json({ error: { code: "not_found", message: "Нет такого адреса." } }, 404);
    }),
  );
  return calls;
}

beforeEach(() => loginAs("admin"));
afterEach(() => vi.unstubAllGlobals());

describe("TemplatesPage", () => {
  it("shows the offer template, its versions and a preview rendered for a sample quote", async () => {
    const calls = backend(() => json({}));
    renderWithClient(<TemplatesPage />);
    const editor = (await screen.findByTestId("template-editor")) as HTMLTextAreaElement;
    expect(editor.value).toBe(OFFER_V2);
    const frame = await screen.findByTestId("template-preview");
    expect(frame.getAttribute("srcdoc")).toContain("<h1>КП offer</h1>");
    expect(frame).toHaveAttribute("sandbox", "");
    const preview = calls.find((c) => c.url === "/api/v1/admin/documents/templates/offer.html.j2/preview")!;
    expect(preview.body).toMatchObject({ kind: "offer", quote: { product: "ai-manager", users: 30 }, client: { name: "ООО «Мебельный Дом»" }, body: null });
    expect(calls.filter((c) => c.url === "/api/v1/quotes")).toEqual([]); // a preview stores no quote
    expect(screen.getAllByTestId("template-version").map((v) => v.dataset.version)).toEqual(["2", "1"]);

    await userEvent.selectOptions(screen.getByTestId("template-select"), "contract.html.j2");
    await waitFor(() => expect((screen.getByTestId("template-editor") as HTMLTextAreaElement).value).toBe("<p>Договор</p>"));
    await waitFor(() => expect(screen.getByTestId("template-preview").getAttribute("srcdoc")).toContain("КП contract"));
    expect(screen.getByText("Шаблон ещё не меняли: действует файл из поставки.")).toBeInTheDocument();
  });

  it("shows the server's Russian error with its line when a save is refused", async () => {
    const message = "Ошибка в шаблоне, строка 2: unexpected '}'";
    const calls = backend(() => json({ error: { code: "template_invalid", message, details: { line: 2 } } }, 422));
    renderWithClient(<TemplatesPage />);
    const editor = (await screen.findByTestId("template-editor")) as HTMLTextAreaElement;
    await userEvent.type(editor, "{{}}", { initialSelectionStart: editor.value.length });
    await userEvent.click(screen.getByTestId("template-save"));

    const error = await screen.findByTestId("template-error");
    expect(error).toHaveTextContent("Шаблон не сохранён");
    expect(error).toHaveTextContent(message);
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.url).toBe("/api/v1/admin/documents/templates/offer.html.j2");
    expect(put.body).toEqual({ body: `${OFFER_V2}{}}` });
    await userEvent.click(within(error).getByTestId("template-error-line"));
    const lineTwo = OFFER_V2.split("\n")[1]!;
    expect([editor.selectionStart, editor.selectionEnd]).toEqual([OFFER_V2.indexOf(lineTwo), OFFER_V2.indexOf(lineTwo) + lineTwo.length + 3]);
  });

  it("previews the unsaved draft once the typing pauses, and keeps the last picture while the draft is broken", async () => {
    const calls = backend(
      () => json({}),
      (call) => {
        const body = String(call.body?.body);
        if (body.includes("{% if %}")) {
          return json({ error: { code: "template_invalid", message: "Ошибка в шаблоне, строка 3: Expected an expression", details: { line: 3 } } }, 422);
        }
        return new Response(`<html><body>черновик: ${body.length} знаков</body></html>`, { headers: { "Content-Type": "text/html" } });
      },
    );
    renderWithClient(<TemplatesPage />);
    const editor = (await screen.findByTestId("template-editor")) as HTMLTextAreaElement;
    await waitFor(() => expect(screen.getByTestId("template-preview").getAttribute("srcdoc")).toContain("КП offer"));

    await userEvent.type(editor, "<p>Скидка</p>", { initialSelectionStart: editor.value.length });
    const draft = `${OFFER_V2}<p>Скидка</p>`;
    await waitFor(() => expect(screen.getByTestId("template-preview").getAttribute("srcdoc")).toContain(`черновик: ${draft.length} знаков`), { timeout: 3000 });
    expect(screen.getByTestId("template-preview-hint")).toHaveTextContent("Черновик: так документ будет выглядеть после сохранения");
    const asked = calls.filter((c) => c.url.endsWith("/offer.html.j2/preview") && c.body?.body !== null);
    expect(asked).toHaveLength(1); // one request after the pause, not one per keystroke
    expect(asked[0]!.body).toMatchObject({ kind: "offer", quote: { product: "ai-manager" }, body: draft });
    expect(calls.filter((c) => c.method === "PUT")).toEqual([]); // a preview saves nothing

    await userEvent.type(editor, "\n{{% if %}}", { initialSelectionStart: editor.value.length });
    const error = await screen.findByTestId("template-draft-error", {}, { timeout: 3000 });
    expect(error).toHaveTextContent("строка 3");
    expect(screen.getByTestId("template-preview").getAttribute("srcdoc")).toContain(`черновик: ${draft.length} знаков`);
  });

  it("restores an older version by saving its text again", async () => {
    const calls = backend((call) => json({ name: "offer.html.j2", version: 3, created_by: "admin@example.com", created_at: "2026-11-21T09:00:00Z", body: call.body?.body }));
    renderWithClient(<TemplatesPage />);
    const versions = await screen.findAllByTestId("template-version");
    expect(within(versions[0]!).queryByTestId("template-version-restore")).toBeNull(); // in force
    await userEvent.click(within(versions[1]!).getByTestId("template-version-restore"));
    const dialog = await screen.findByTestId("template-restore-dialog");
    expect(dialog).toHaveTextContent("Текст версии 1 сохранится как новая версия");
    await userEvent.click(within(dialog).getByTestId("template-restore-confirm"));
    await waitFor(() => expect(calls.filter((c) => c.method === "PUT")).toEqual([{ method: "PUT", url: "/api/v1/admin/documents/templates/offer.html.j2", body: { body: OFFER_V1 } }]));
    await waitFor(() => expect(screen.queryByTestId("template-restore-dialog")).not.toBeInTheDocument());
  });
});
