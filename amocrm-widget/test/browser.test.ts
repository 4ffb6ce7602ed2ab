// @vitest-environment node
// The built script.js in headless Chromium (Debian's /usr/bin/chromium, never a downloaded one),
// on a page that imitates amoCRM's widget environment, talking cross-origin to a fake back end.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = join(__dirname, "..");
const ARTIFACTS = join(ROOT, "..", "test-artifacts", "amocrm-widget");
const TOKEN = "test-token";
const RATE_LIMITED = "Слишком много вопросов подряд. Подождите минуту и спросите снова.";

interface Seen {
  method: string;
  token: string | undefined;
  origin: string | undefined;
  requestHeaders?: string;
  body?: any;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The Salesbot end of the contract: CORS for the page's origin, the token, the body. */
function fakeBackend(pageOrigin: () => string, seen: Seen[]) {
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json", "Access-Control-Allow-Origin": pageOrigin(), Vary: "Origin" });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, code: string, message: string) => json(res, status, { error: { code, message, details: null } });
  return createServer(async (req, res) => {
    const entry: Seen = { method: req.method!, token: req.headers["x-auth-token"] as string | undefined, origin: req.headers.origin };
    seen.push(entry);
    if (req.url !== "/api/v1/amocrm-assistant/messages") return error(res, 404, "not_found", "Нет такого адреса");
    if (req.method === "OPTIONS") {
      entry.requestHeaders = String(req.headers["access-control-request-headers"] ?? "");
      res.writeHead(204, {
        "Access-Control-Allow-Origin": pageOrigin(),
        "Access-Control-Allow-Methods": "POST",
        "Access-Control-Allow-Headers": "Content-Type, X-Auth-Token",
        "Access-Control-Max-Age": "600",
        Vary: "Origin",
      });
      return res.end();
    }
    if (req.method !== "POST") return error(res, 405, "method_not_allowed", "Только POST");
    if (entry.token !== TOKEN) return error(res, 401, "invalid_token", "amoCRM не подтвердил вход");
    if (!String(req.headers["content-type"]).startsWith("application/json")) return error(res, 415, "bad_type", "Нужен JSON");
    const body = (entry.body = JSON.parse(await readBody(req)));
    const ctx = body.context;
    const valid =
      typeof body.text === "string" && body.text.length > 0 &&
      ctx && typeof ctx.area === "string" && ["leads", "contacts", "companies", null].includes(ctx.entity_type) &&
      (ctx.entity_id === null || Number.isInteger(ctx.entity_id)) &&
      (body.conversation_id === null || typeof body.conversation_id === "string");
    if (!valid) return error(res, 422, "validation_error", "Неверный запрос");
    if (body.text.includes("ошибк")) return error(res, 429, "rate_limited", RATE_LIMITED);
    if (body.conversation_id === null) {
      return json(res, 200, {
        reply: `В сделке ${ctx.entity_id} две открытые задачи.`,
        mode: "llm",
        choices: [
          { label: "Показать задачи", text: "Покажи задачи по сделке" },
          { label: "Создать задачу", text: "Создай задачу на завтра" },
        ],
        conversation_id: "conv-test-1",
      });
    }
    return json(res, 200, { reply: "Задача на завтра создана.", mode: "rules", choices: [], conversation_id: body.conversation_id });
  });
}

/** The amoCRM page, jQuery from node_modules and the built widget. */
function pageServer(dist: string) {
  const files: Record<string, [string, string]> = {
    "/": [join(__dirname, "fixtures", "amocrm-page.html"), "text/html; charset=utf-8"],
    "/jquery.js": [join(ROOT, "node_modules", "jquery", "dist", "jquery.min.js"), "text/javascript"],
    "/widget/script.js": [join(dist, "script.js"), "text/javascript; charset=utf-8"],
    "/widget/i18n/ru.json": [join(dist, "i18n", "ru.json"), "application/json"],
  };
  return createServer((req, res) => {
    const file = files[new URL(req.url!, "http://x").pathname];
    if (file) {
      res.writeHead(200, { "Content-Type": file[1], "Cache-Control": "no-store" });
      res.end(readFileSync(file[0]));
    } else {
      res.writeHead(req.url === "/favicon.ico" ? 204 : 404);
      res.end();
    }
  });
}

describe.skipIf(!existsSync(CHROMIUM))("in Chromium, on an amoCRM-like page", () => {
  let dist = "";
  let browser: Browser;
  let page: Page;
  let site: Server;
  let backend: Server;
  let siteUrl = "";
  let backendUrl = "";
  const seen: Seen[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), "sbamo-browser-"));
    execFileSync(process.execPath, ["build.mjs", "--out", dist], { cwd: ROOT, stdio: "pipe" });
    site = pageServer(dist);
    siteUrl = await listen(site);
    backend = fakeBackend(() => siteUrl, seen);
    backendUrl = await listen(backend);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "ru-RU" });
    page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().includes("429")) errors.push(m.text());
    });
    await page.goto(`${siteUrl}/?backend=${encodeURIComponent(backendUrl + "/")}`);
    await page.waitForSelector("body[data-ready=yes]", { timeout: 10_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    site?.close();
    backend?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  const bubbles = () => page.locator(".sbamo-msg").allTextContents();
  const status = () => page.locator("[data-testid=sbamo-status]").textContent();
  const waitForBubble = (text: string) => page.locator(".sbamo-msg", { hasText: text }).last().waitFor({ timeout: 10_000 });
  const waitForStatus = (text: string) =>
    page.waitForFunction((t) => document.querySelector("[data-testid=sbamo-status]")?.textContent === t, text, { timeout: 10_000 });

  it("draws the round button bottom-right, untouched by the page's CSS", async () => {
    const launcher = page.getByRole("button", { name: "Открыть помощника Salesbot" });
    const box = (await launcher.boundingBox())!;
    expect([box.width, box.height]).toEqual([56, 56]);
    expect(box.x + box.width).toBe(1280 - 24);
    expect(box.y + box.height).toBe(800 - 24);
    expect(await page.locator(".sbamo-dialog").isVisible()).toBe(false);
    // the reset must leave the icon's path alone (CSS `all` would also reset its `d`)
    const d = await page.locator(".sbamo-launcher path").evaluate((p) => getComputedStyle(p).getPropertyValue("d"));
    expect(d).toMatch(/^path\(/);
  });

  it("opens, asks about the open lead and shows the answer, the mode and the choices", async () => {
    await page.getByRole("button", { name: "Открыть помощника Salesbot" }).click();
    const dialog = page.getByRole("dialog", { name: "Помощник Salesbot" });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("sbamo-input");
    expect(await status()).toBe("Жду вашего вопроса");

    await page.keyboard.type("Что по сделке?");
    await page.keyboard.press("Enter");
    await waitForBubble("две открытые задачи");
    await waitForStatus("Жду вашего вопроса");
    expect(await bubbles()).toEqual(["Что по сделке?", "В сделке 17657 две открытые задачи."]);
    expect(await page.locator("[data-testid=sbamo-mode]").textContent()).toBe("ИИ-режим");
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "answer.png") });

    const preflight = seen.find((s) => s.method === "OPTIONS")!;
    expect(preflight.origin).toBe(siteUrl);
    expect(preflight.requestHeaders).toContain("x-auth-token");
    const post = seen.filter((s) => s.method === "POST");
    expect(post).toHaveLength(1);
    expect(post[0].token).toBe(TOKEN);
    expect(post[0].body).toEqual({ text: "Что по сделке?", context: { area: "lcard", entity_type: "leads", entity_id: 17657 }, conversation_id: null });
  }, 30_000);

  it("a choice sends its text in the same conversation", async () => {
    await page.getByRole("group", { name: "Варианты ответа" }).getByRole("button", { name: "Создать задачу" }).click();
    await waitForBubble("Задача на завтра создана.");
    await waitForStatus("Жду вашего вопроса");
    const post = seen.filter((s) => s.method === "POST");
    expect(post[1].body).toMatchObject({ text: "Создай задачу на завтра", conversation_id: "conv-test-1" });
    expect(await page.locator("[data-testid=sbamo-mode]").textContent()).toBe("Без ИИ: понимаю простые запросы");
    expect(await page.locator(".sbamo-choice").count()).toBe(0);
  }, 30_000);

  it("shows the server's error message in the chat", async () => {
    await page.locator(".sbamo-input").fill("покажи ошибку");
    await page.getByRole("button", { name: "Отправить" }).click();
    await page.locator(".sbamo-msg--error", { hasText: RATE_LIMITED }).waitFor({ timeout: 10_000 });
    expect(await status()).toBe("Жду вашего вопроса");
    await page.screenshot({ path: join(ARTIFACTS, "chat.png") });
  }, 30_000);

  it("keeps the history after a reload and closes on Escape", async () => {
    await page.reload();
    await page.waitForSelector("body[data-ready=yes]");
    await page.getByRole("button", { name: "Открыть помощника Salesbot" }).click();
    expect(await bubbles()).toEqual(["Что по сделке?", "В сделке 17657 две открытые задачи.", "Создай задачу на завтра", "Задача на завтра создана.", "покажи ошибку"]);
    await page.keyboard.press("Escape");
    expect(await page.locator(".sbamo-dialog").isVisible()).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe("sbamo-launcher");
    expect(errors).toEqual([]);
  }, 30_000);
});
