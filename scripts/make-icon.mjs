// Draws the plugin icon (.claude-plugin/icon.png): a navy rounded square with a teal-to-orange
// infinity loop. Dependency-free on purpose: shapes are signed-distance fields, anti-aliased by
// coverage, and the PNG is encoded by hand (zlib + CRC32) so the icon can be rebuilt anywhere.
//
// Usage: node scripts/make-icon.mjs [output.png]

import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const SIZE = 512;
const here = dirname(fileURLToPath(import.meta.url));
const output = resolve(process.argv[2] ?? resolve(here, "../.claude-plugin/icon.png"));

const NAVY_TOP = [0x13, 0x22, 0x44];
const NAVY_BOTTOM = [0x0b, 0x15, 0x2e];
const TEAL = [0x14, 0xb8, 0xa6];
const ORANGE = [0xf9, 0x73, 0x16];

// Straight (non-premultiplied) RGBA, 0..1 per channel.
const pixels = new Float32Array(SIZE * SIZE * 4);

function mix(a, b, t) {
  return a.map((value, i) => value + (b[i] - value) * t);
}

function smoothstep(edge0, edge1, x) {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

/** "Source over" one pixel with a colour (0..255 channels) at the given coverage. */
function blend(x, y, rgb, alpha) {
  if (alpha <= 0) return;
  const i = (y * SIZE + x) * 4;
  const srcA = Math.min(1, alpha);
  const dstA = pixels[i + 3];
  const outA = srcA + dstA * (1 - srcA);
  for (let c = 0; c < 3; c += 1) {
    const src = rgb[c] / 255;
    pixels[i + c] = (src * srcA + pixels[i + c] * dstA * (1 - srcA)) / outA;
  }
  pixels[i + 3] = outA;
}

/** Coverage of a pixel whose centre lies `distance` outside a shape's edge (negative = inside). */
function coverage(distance) {
  return Math.min(1, Math.max(0, 0.5 - distance));
}

function roundedSquareDistance(px, py, inset, radius) {
  const half = SIZE / 2 - inset;
  const qx = Math.abs(px - SIZE / 2) - (half - radius);
  const qy = Math.abs(py - SIZE / 2) - (half - radius);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

function drawBackground() {
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      const d = roundedSquareDistance(x + 0.5, y + 0.5, 8, 104);
      const colour = mix(NAVY_TOP, NAVY_BOTTOM, y / SIZE);
      blend(x, y, colour, coverage(d));
      // A faint inner rim makes the edge read on dark backgrounds too.
      const rim = coverage(Math.abs(d + 3) - 1.5) * 0.18;
      blend(x, y, [0x5b, 0x7b, 0xb8], rim);
    }
  }
}

/** Points of a lemniscate of Bernoulli for parameter t, centred on the canvas. */
function lemniscate(t) {
  const a = 178;
  const s = Math.sin(t);
  const c = Math.cos(t);
  const k = 1 + s * s;
  return [SIZE / 2 + (a * c) / k, SIZE / 2 + (a * s * c * 1.05) / k];
}

function polyline(from, to, steps) {
  const points = [];
  for (let i = 0; i <= steps; i += 1) points.push(lemniscate(from + ((to - from) * i) / steps));
  return points;
}

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function polylineDistance(px, py, points) {
  let best = Infinity;
  for (let s = 0; s < points.length - 1; s += 1) {
    best = Math.min(best, segmentDistance(px, py, points[s], points[s + 1]));
  }
  return best;
}

/**
 * Strokes a polyline with round caps. `colourAt(x, y)` picks the colour per pixel; `mask(x, y)`
 * (0..1) limits where the stroke lands.
 */
function stroke(points, halfWidth, colourAt, opacity = 1, mask = () => 1) {
  const distance = new Float32Array(SIZE * SIZE).fill(Infinity);
  const pad = halfWidth + 2;
  for (let s = 0; s < points.length - 1; s += 1) {
    const a = points[s];
    const b = points[s + 1];
    const x0 = Math.max(0, Math.floor(Math.min(a[0], b[0]) - pad));
    const x1 = Math.min(SIZE - 1, Math.ceil(Math.max(a[0], b[0]) + pad));
    const y0 = Math.max(0, Math.floor(Math.min(a[1], b[1]) - pad));
    const y1 = Math.min(SIZE - 1, Math.ceil(Math.max(a[1], b[1]) + pad));
    for (let y = y0; y <= y1; y += 1) {
      for (let x = x0; x <= x1; x += 1) {
        const d = segmentDistance(x + 0.5, y + 0.5, a, b);
        const i = y * SIZE + x;
        if (d < distance[i]) distance[i] = d;
      }
    }
  }
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      const d = distance[y * SIZE + x];
      if (d === Infinity) continue;
      const alpha = coverage(d - halfWidth) * opacity;
      if (alpha > 0) blend(x, y, colourAt(x + 0.5, y + 0.5), alpha * mask(x + 0.5, y + 0.5));
    }
  }
}

/** Teal on the left lobe, orange on the right, blending through the crossing. */
function loopColour(x, y) {
  const t = smoothstep(SIZE / 2 - 70, SIZE / 2 + 70, x);
  const base = mix(TEAL, ORANGE, t);
  // A slight vertical sheen gives the band some depth.
  return mix(base, [255, 255, 255], Math.max(0, (SIZE / 2 - y) / SIZE) * 0.25);
}

function drawLoop() {
  const halfWidth = 27;
  const full = polyline(0, Math.PI * 2, 720);
  // Soft shadow under the whole loop.
  stroke(
    full.map(([x, y]) => [x, y + 10]),
    halfWidth + 4,
    () => [0, 0, 0],
    0.28,
  );
  stroke(full, halfWidth, loopColour);
  // The strand through the centre at t = π/2 passes over the one at t = 3π/2: cut a navy gap into
  // the under strand only (so the over strand gets no outline elsewhere), then redraw the over strand.
  const over = polyline(Math.PI / 2 - 0.6, Math.PI / 2 + 0.6, 120);
  const under = polyline((3 * Math.PI) / 2 - 0.6, (3 * Math.PI) / 2 + 0.6, 120);
  const gapColour = (_x, y) => mix(NAVY_TOP, NAVY_BOTTOM, y / SIZE);
  const onUnder = (x, y) => coverage(polylineDistance(x, y, under) - halfWidth);
  stroke(over, halfWidth + 11, gapColour, 1, onUnder);
  stroke(over, halfWidth, loopColour);
}

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng() {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  header[10] = 0; // deflate
  header[11] = 0; // adaptive filtering
  header[12] = 0; // no interlace

  const stride = SIZE * 4 + 1;
  const raw = Buffer.alloc(stride * SIZE);
  for (let y = 0; y < SIZE; y += 1) {
    raw[y * stride] = 0; // filter: none
    for (let x = 0; x < SIZE * 4; x += 1) {
      raw[y * stride + 1 + x] = Math.round(Math.min(1, Math.max(0, pixels[y * SIZE * 4 + x])) * 255);
    }
  }

  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

drawBackground();
drawLoop();
const png = encodePng();
writeFileSync(output, png);
console.log(`wrote ${output} (${SIZE}x${SIZE}, ${png.length} bytes)`);
