// Marks the query's words in a passage: exact words and their shared beginnings (Russian
// endings change: «оплата» should light up «оплатить»).

export interface Piece {
  text: string;
  hit: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Stems of the query (a crude stemmer): words of 3–4 letters as they are, longer ones
 * without their last two letters, kept to 4–5 letters («карта» → «карт», «оплатить» → «оплат»). */
export function queryStems(query: string): string[] {
  const words = (query.toLowerCase().match(WORD) ?? []).filter((word) => word.length >= 3);
  return [...new Set(words.map((word) => (word.length <= 4 ? word : word.slice(0, Math.min(5, Math.max(4, word.length - 2))))))];
}

export function highlight(text: string, query: string): Piece[] {
  const stems = queryStems(query);
  if (stems.length === 0) return [{ text, hit: false }];
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (!stems.some((stem) => word.startsWith(stem))) continue;
    const start = match.index ?? 0;
    if (start > last) pieces.push({ text: text.slice(last, start), hit: false });
    pieces.push({ text: match[0], hit: true });
    last = start + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), hit: false });
  return pieces;
}
