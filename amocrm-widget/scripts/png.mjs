// Writes the widget's logos as PNGs with Node's zlib only: a white chat bubble on Salesbot's blue.
import { deflateSync } from "node:zlib";

/** The logos amoCRM reads from images/, at the sizes it expects (shared/api/amocrm.md §8.1). */
export const LOGOS = [
  ["logo_main.png", 400, 272],
  ["logo_small.png", 108, 108],
  ["logo_medium.png", 240, 84],
  ["logo_min.png", 84, 84],
  ["logo.png", 130, 100],
  ["logo_dp.png", 174, 109],
];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGBA PNG; `pixel(x, y)` gives [r, g, b, a] for the pixel's centre. */
export function encodePng(width, height, pixel) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter set, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

function inRoundRect(x, y, left, top, w, h, r) {
  const cx = Math.min(Math.max(x, left + r), left + w - r);
  const cy = Math.min(Math.max(y, top + r), top + h - r);
  return x >= left && x <= left + w && y >= top && y <= top + h && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function inTriangle(px, py, [ax, ay], [bx, by], [cx, cy]) {
  const s = (x1, y1, x2, y2, x3, y3) => (x1 - x3) * (y2 - y3) - (x2 - x3) * (y1 - y3);
  const d1 = s(px, py, ax, ay, bx, by);
  const d2 = s(px, py, bx, by, cx, cy);
  const d3 = s(px, py, cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

const BLUE = [0x24, 0x59, 0xe0];
const WHITE = [0xff, 0xff, 0xff];

/** The logo at one size: blue rounded tile, white bubble with a tail, three blue dots. */
export function logo(width, height) {
  const m = Math.min(width, height);
  const bw = m * 0.62;
  const bh = bw * 0.66;
  const bx = (width - bw) / 2;
  const by = (height - bh) / 2 - m * 0.06;
  const tail = [
    [bx + bw * 0.2, by + bh - 1],
    [bx + bw * 0.42, by + bh - 1],
    [bx + bw * 0.16, by + bh + m * 0.14],
  ];
  const dotR = bw * 0.07;
  const dots = [0.28, 0.5, 0.72].map((f) => [bx + bw * f, by + bh / 2]);
  const colour = (x, y) => {
    if (!inRoundRect(x, y, 0, 0, width, height, m * 0.16)) return null;
    if (dots.some(([cx, cy]) => (x - cx) ** 2 + (y - cy) ** 2 <= dotR * dotR)) return BLUE;
    if (inRoundRect(x, y, bx, by, bw, bh, bh * 0.28) || inTriangle(x, y, ...tail)) return WHITE;
    return BLUE;
  };
  const N = 4; // 4×4 samples a pixel: smooth edges
  return encodePng(width, height, (x, y) => {
    const sum = [0, 0, 0, 0];
    for (let i = 0; i < N; i++)
      for (let j = 0; j < N; j++) {
        const c = colour(x + (i + 0.5) / N, y + (j + 0.5) / N);
        if (!c) continue;
        sum[0] += c[0];
        sum[1] += c[1];
        sum[2] += c[2];
        sum[3] += 255;
      }
    const hits = sum[3] / 255;
    if (!hits) return [0, 0, 0, 0];
    return [Math.round(sum[0] / hits), Math.round(sum[1] / hits), Math.round(sum[2] / hits), Math.round(sum[3] / (N * N))];
  });
}
