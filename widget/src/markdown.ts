/**
 * A tiny, safe renderer for the light Markdown subset of docs/web-channel.md.
 *
 * Everything is HTML-escaped first; only then are the few constructs we allow turned into
 * tags we write ourselves: **bold**, *italic*, [text](http(s)://…) and bare http(s) links,
 * line breaks, and "- " / "1. " lists. No attribute ever holds text that was not escaped,
 * and no URL other than http(s) becomes a link.
 */

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

// Placeholders hold finished links while the emphasis rules run over the rest.
const MARK = "\u0001";
// URLs are matched in escaped text: "&" may only appear as "&amp;", so a URL stops at
// &lt; &gt; &quot; &#39; and can never carry a quote into the href attribute.
const URL_CHARS = "(?:[^\\s()<>\"'&\\u0001]|&amp;)";
const LINK_RE = new RegExp(`\\[([^\\]\\n\\u0001]{1,500})\\]\\((https?:\\/\\/${URL_CHARS}{1,2000})\\)`, "gi");
const BARE_URL_RE = new RegExp(`\\bhttps?:\\/\\/${URL_CHARS}{2,2000}`, "gi");
const TRAILING = ".,;:!?]…»";

/** A bare URL without the punctuation that ends the sentence around it. */
function trimUrl(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING.indexOf(url[end - 1]) >= 0) {
    if (url[end - 1] === ";" && /&amp;$/.test(url.slice(0, end))) break;
    end--;
  }
  return url.slice(0, end);
}

function anchor(href: string, label: string): string {
  return `<a href="${href}" target="_blank" rel="noopener noreferrer">${label}</a>`;
}

function emphasis(s: string): string {
  return s
    .replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^*\w])\*(?=[^\s*])([^*]*?[^\s*])\*(?![*\w])/g, "$1<em>$2</em>");
}

/** One line of escaped text → inline HTML. */
function inline(escaped: string): string {
  const links: string[] = [];
  const keep = (html: string): string => `${MARK}${links.push(html) - 1}${MARK}`;
  let s = escaped.replace(LINK_RE, (_m, label: string, url: string) =>
    keep(anchor(url, emphasis(label))),
  );
  s = s.replace(BARE_URL_RE, (url: string) => {
    const core = trimUrl(url);
    if (!/^https?:\/\/[^/?#\s&]+/i.test(core)) return url;
    return keep(anchor(core, core)) + url.slice(core.length);
  });
  s = emphasis(s);
  return s.replace(new RegExp(`${MARK}(\\d+)${MARK}`, "g"), (_m, i: string) => links[Number(i)]);
}

type Block =
  | { kind: "p"; lines: string[] }
  | { kind: "ul"; items: string[] }
  | { kind: "ol"; items: string[]; start: number };

const UL_RE = /^\s*[-•]\s+(.*)$/;
const OL_RE = /^\s*(\d{1,3})[.)]\s+(.*)$/;

/** Markdown-light text → safe HTML (a string of <p>, <ul>, <ol>, <br>, <strong>, <em>, <a>). */
export function renderMarkdown(text: string): string {
  const clean = String(text ?? "")
    .replace(/\r\n?/g, "\n")
    .split(MARK)
    .join("");
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const raw of clean.split("\n")) {
    const line = escapeHtml(raw);
    const ul = UL_RE.exec(line);
    const ol = ul ? null : OL_RE.exec(line);
    if (ul) {
      if (!current || current.kind !== "ul") blocks.push((current = { kind: "ul", items: [] }));
      current.items.push(ul[1]);
    } else if (ol) {
      if (!current || current.kind !== "ol") blocks.push((current = { kind: "ol", items: [], start: Number(ol[1]) }));
      current.items.push(ol[2]);
    } else if (!line.trim()) {
      current = null;
    } else {
      if (!current || current.kind !== "p") blocks.push((current = { kind: "p", lines: [] }));
      current.lines.push(line);
    }
  }
  return blocks
    .map((b) => {
      if (b.kind === "p") return `<p>${b.lines.map(inline).join("<br>")}</p>`;
      const items = b.items.map((i) => `<li>${inline(i)}</li>`).join("");
      if (b.kind === "ul") return `<ul>${items}</ul>`;
      return b.start !== 1 ? `<ol start="${b.start}">${items}</ol>` : `<ol>${items}</ol>`;
    })
    .join("");
}

/** Plain text for previews and notifications: the Markdown marks removed. */
export function plainText(text: string): string {
  return String(text ?? "")
    .replace(LINK_RE, "$1")
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?![*\w])/g, "$1$2")
    .replace(/\s+/g, " ")
    .trim();
}
