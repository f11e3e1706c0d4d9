// Writes src/assets/hero.png: a 360×150 chart-like banner, deterministic, about 45 kB.
// Run with `node examples/spa/scripts/generate-hero.mjs`; the PNG is committed, so this only documents it.
import { writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const WIDTH = 360
const HEIGHT = 150

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes) {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

// A seeded generator so the file is the same on every run.
let seed = 20240601
function random() {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
  return seed / 2 ** 32
}

const bars = Array.from({ length: 24 }, (_, i) => 0.25 + 0.55 * Math.abs(Math.sin(i * 0.7)) + random() * 0.15)

function pixel(x, y) {
  // Dusk gradient with a little film grain (which is what makes photos-ish PNGs weigh tens of kB).
  const t = y / HEIGHT
  const grain = (random() - 0.5) * 4
  let r = 20 + 40 * t + grain
  let g = 24 + 30 * (1 - t) + grain
  let b = 60 + 90 * (1 - t) + grain
  const bar = Math.floor(x / (WIDTH / bars.length))
  const inBar = x % (WIDTH / bars.length) > 4
  if (inBar && HEIGHT - y < bars[bar] * HEIGHT) {
    const hot = bars[bar] > 0.7
    r = hot ? 240 : 80 + grain
    g = hot ? 120 + grain : 200 + grain
    b = hot ? 90 : 160 + grain
  }
  // A budget line at 80 %.
  if (Math.abs(HEIGHT - y - 0.8 * HEIGHT) < 1) [r, g, b] = [255, 220, 120]
  return [r, g, b].map((v) => Math.max(0, Math.min(255, Math.round(v))))
}

const raw = Buffer.alloc((WIDTH * 3 + 1) * HEIGHT)
for (let y = 0; y < HEIGHT; y++) {
  const row = y * (WIDTH * 3 + 1)
  raw[row] = 0 // filter: none
  for (let x = 0; x < WIDTH; x++) raw.set(pixel(x, y), row + 1 + x * 3)
}

const header = Buffer.alloc(13)
header.writeUInt32BE(WIDTH, 0)
header.writeUInt32BE(HEIGHT, 4)
header[8] = 8 // bit depth
header[9] = 2 // truecolour RGB
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
])
const out = new URL('../src/assets/hero.png', import.meta.url)
writeFileSync(out, png)
console.log(`wrote ${out.pathname} (${png.length} bytes)`)
