// A dependency-free stand-in for the back end, to try the built widget in a browser:
//   npm run build && node dev/server.mjs  →  http://localhost:8765/
// It implements the HTTP API of docs/web-channel.md (no socket.io: the widget falls back to
// HTTP after its connection attempts fail, which is also how that path gets exercised).
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";

const PORT = Number(process.env.PORT || 8765);
const root = new URL("..", import.meta.url);
const sessions = new Map(); // id → {token, messages}
let seq = 0;

const now = () => new Date().toISOString();
const message = (author, text, extra = {}) => ({ id: randomUUID(), seq: ++seq, author, text, created_at: now(), buttons: [], attachments: [], ...extra });

function reply(text) {
  if (/цен|стоим|сколько/i.test(text)) {
    return message("bot", "**Облако** — от 9 900 ₽ в месяц, *свой сервер* — от 290 000 ₽.\nЧто вам ближе?\n- облако: запуск за день\n- свой сервер: данные у вас", {
      buttons: [{ text: "Облако", payload: "облако" }, { text: "Свой сервер", payload: "свой сервер" }],
    });
  }
  if (/облако/i.test(text)) {
    return message("bot", "Отлично! Подготовил коммерческое предложение — [условия](https://example.com/terms) в документе.", {
      attachments: [{ name: "КП Нейрокод.pdf", content_type: "application/pdf", url: "/api/v1/files/demo.pdf" }],
    });
  }
  return message("bot", `Вы написали: «${text}». Спросите, например, **сколько стоит** внедрение.`);
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "*", ...headers });
  res.end(body === undefined ? "" : JSON.stringify(body));
}

function body(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

function authorised(req, id) {
  const s = sessions.get(id);
  if (!s) return [404, { error: { code: "chat_session_not_found", message: "Сессия чата не найдена." } }];
  if (req.headers.authorization !== `Bearer ${s.token}`) return [401, { error: { code: "invalid_chat_token", message: "Токен недействителен." } }];
  return [0, s];
}

createServer(async (req, res) => {
  const url = new URL(req.url, "http://x");
  const path = url.pathname;
  if (req.method === "OPTIONS") return send(res, 204);
  if (path === "/" || path === "/index.html") {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    return res.end(readFileSync(new URL("dev/index.html", root)));
  }
  if (path === "/widget.js") {
    res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8" });
    return res.end(readFileSync(new URL("dist/widget.js", root)));
  }
  if (path === "/api/v1/widget/config") {
    return send(res, 200, { allowed: true, max_message_length: 2000, max_attachments: 3, max_attachment_bytes: 10485760, attachment_types: ["image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"] });
  }
  if (path === "/api/v1/chat/sessions" && req.method === "POST") {
    const id = randomUUID();
    sessions.set(id, { token: randomUUID(), messages: [] });
    return send(res, 201, { session_id: id, token: sessions.get(id).token });
  }
  const m = /^\/api\/v1\/chat\/sessions\/([^/]+)\/(messages|attachments)$/.exec(path);
  if (m) {
    const [status, s] = authorised(req, m[1]);
    if (status) return send(res, status, s);
    if (m[2] === "attachments") {
      const data = await body(req);
      const name = /filename="([^"]+)"/.exec(data.toString("latin1"))?.[1] || "file";
      return send(res, 201, { id: randomUUID(), name: Buffer.from(name, "latin1").toString("utf8"), content_type: "application/pdf", size: data.length, url: "/api/v1/files/demo.pdf" });
    }
    if (req.method === "GET") {
      const after = Number(url.searchParams.get("after_seq") || 0);
      return send(res, 200, s.messages.filter((x) => x.seq > after));
    }
    const input = JSON.parse((await body(req)).toString("utf8") || "{}");
    s.messages.push(message("customer", input.text || ""));
    const answer = reply(input.text || "");
    s.messages.push(answer);
    await new Promise((r) => setTimeout(r, 600));
    return send(res, 200, { replies: [answer] });
  }
  if (path.startsWith("/api/v1/files/")) {
    res.writeHead(200, { "Content-Type": "application/pdf" });
    return res.end("%PDF-1.4\n%demo\n");
  }
  send(res, 404, { error: { code: "not_found", message: "Not found" } });
}).listen(PORT, () => console.log(`http://localhost:${PORT}/`));
