import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readIcns, readIco, writeIcns, writeIco } from '../../../electron/icons/icon-containers.ts';

const iconDir = resolve(import.meta.dirname, '../../../electron/assets/app-icon');

/** Width, height and RGBA pixels of a PNG. */
function decodePng(data: Buffer): { width: number; height: number; rgba: Uint8Array } {
  const png = PNG.sync.read(data);
  return { width: png.width, height: png.height, rgba: png.data };
}

const pngPath = (size: number): string => join(iconDir, `${size}x${size}.png`);

// What the installers ask for (the brief and electron-builder's conventions), written out here on purpose,
// independently of the renderer's own lists.
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const ICNS_SIZES: Record<string, number> = {
  icp4: 16,
  icp5: 32,
  icp6: 64,
  ic07: 128,
  ic08: 256,
  ic09: 512,
  ic10: 1024,
  ic11: 32,
  ic12: 64,
  ic13: 256,
  ic14: 512,
};

/** A small valid PNG of a square, filled with one colour. */
function solidPng(size: number, shade: number): Buffer {
  const png = new PNG({ width: size, height: size });
  png.data.fill(shade);
  return PNG.sync.write(png);
}

describe('the application icon PNGs', () => {
  it.each(PNG_SIZES)('%i px: exists, is exactly that square, with a transparent margin and an opaque centre', (size) => {
    expect(existsSync(pngPath(size)), pngPath(size)).toBe(true);
    const { width, height, rgba } = decodePng(readFileSync(pngPath(size)));
    expect([width, height]).toEqual([size, size]);
    const alphaAt = (x: number, y: number): number => rgba[(y * width + x) * 4 + 3] ?? -1;
    const last = size - 1;
    // The rounded square leaves Apple's margin: every corner is see-through.
    expect([alphaAt(0, 0), alphaAt(last, 0), alphaAt(0, last), alphaAt(last, last)]).toEqual([0, 0, 0, 0]);
    // ...and the drawing itself is solid.
    const middle = Math.floor(size / 2);
    expect(alphaAt(middle, middle)).toBe(255);
    expect(alphaAt(middle - 1, middle - 1)).toBe(255);
  });

  it('are one drawing: each size scaled down from the largest looks like it (no stale renderings)', () => {
    // Compare the mean colour of the opaque pixels; a size rendered from an older drawing would differ.
    const meanColour = (size: number): number[] => {
      const { rgba } = decodePng(readFileSync(pngPath(size)));
      const sum = [0, 0, 0, 0];
      for (let i = 0; i < rgba.length; i += 4) {
        const alpha = (rgba[i + 3] ?? 0) / 255;
        for (let c = 0; c < 3; c += 1) sum[c] = (sum[c] ?? 0) + (rgba[i + c] ?? 0) * alpha;
        sum[3] = (sum[3] ?? 0) + alpha;
      }
      return sum.slice(0, 3).map((value) => value / (sum[3] ?? 1));
    };
    const reference = meanColour(1024);
    for (const size of PNG_SIZES) {
      meanColour(size).forEach((value, channel) => expect(Math.abs(value - (reference[channel] ?? 0)), `${size} px`).toBeLessThan(6));
    }
  });
});

describe('icon.ico', () => {
  const entries = readIco(readFileSync(join(iconDir, 'icon.ico')));

  it('holds exactly the Windows sizes, 16 to 256 px', () => {
    expect(entries.map(({ size }) => size)).toEqual(ICO_SIZES);
  });

  it('holds, for each size, a PNG of that size identical to the committed NxN.png', () => {
    for (const { size, png } of entries) {
      const { width, height } = decodePng(png);
      expect([size, width, height]).toEqual([size, size, size]);
      expect(png.equals(readFileSync(pngPath(size))), `${size} px`).toBe(true);
    }
  });

  it('writes 256 px as width and height byte 0', () => {
    const raw = readFileSync(join(iconDir, 'icon.ico'));
    const index = entries.findIndex(({ size }) => size === 256);
    expect(index).toBeGreaterThanOrEqual(0);
    expect([raw[6 + 16 * index], raw[6 + 16 * index + 1]]).toEqual([0, 0]);
  });
});

describe('icon.icns', () => {
  const raw = readFileSync(join(iconDir, 'icon.icns'));
  const entries = readIcns(raw);

  it('holds exactly the macOS types, each once', () => {
    expect(entries.map(({ type }) => type).sort()).toEqual(Object.keys(ICNS_SIZES).sort());
  });

  it('holds, for each type, a PNG of its pixel size identical to the committed NxN.png', () => {
    for (const { type, png } of entries) {
      const size = ICNS_SIZES[type] ?? -1;
      const { width, height } = decodePng(png);
      expect([type, width, height]).toEqual([type, size, size]);
      expect(png.equals(readFileSync(pngPath(size))), type).toBe(true);
    }
  });

  it('states its length big-endian in the header, and entry lengths include their 8-byte headers', () => {
    expect(raw.readUInt32BE(4)).toBe(raw.length);
    const first = entries[0];
    expect(first).toBeDefined();
    expect(raw.readUInt32BE(12)).toBe((first?.png.length ?? 0) + 8);
  });
});

describe('the container writers and readers', () => {
  const pngs = [16, 32, 256].map((size, index) => ({ size, png: solidPng(size, 40 + index) }));

  it('round-trip an ICO', () => {
    const written = writeIco(pngs);
    expect(readIco(written)).toEqual(pngs);
    // Another order and a single image too.
    expect(readIco(writeIco([...pngs].reverse()))).toEqual([...pngs].reverse());
    expect(readIco(writeIco(pngs.slice(1, 2)))).toEqual(pngs.slice(1, 2));
  });

  it('round-trip an ICNS', () => {
    const icns = [
      { type: 'icp4', png: solidPng(16, 1) },
      { type: 'ic11', png: solidPng(32, 2) },
      { type: 'ic08', png: solidPng(256, 3) },
    ];
    expect(readIcns(writeIcns(icns))).toEqual(icns);
    expect(readIcns(writeIcns([]))).toEqual([]);
  });

  it('refuse to write what the formats cannot hold', () => {
    expect(() => writeIco([])).toThrow(Error);
    expect(() => writeIco([{ size: 512, png: solidPng(2, 0) }])).toThrow(/256/);
    expect(() => writeIco([{ size: 16, png: Buffer.from('not a png') }])).toThrow(/PNG/);
    expect(() => writeIcns([{ type: 'xxxx', png: solidPng(2, 0) }])).toThrow(/ICNS type/);
  });

  it('refuse a wrong magic with a clear Error', () => {
    const ico = writeIco(pngs);
    const badIco = Buffer.from(ico);
    badIco.writeUInt16LE(2, 2); // type 2 is a cursor, not an icon
    expect(() => readIco(badIco)).toThrow(/Not an ICO file/);
    expect(() => readIco(Buffer.from('icns\0\0\0\x08'))).toThrow(/Not an ICO file/);

    const icns = writeIcns([{ type: 'icp4', png: solidPng(16, 1) }]);
    const badIcns = Buffer.from(icns);
    badIcns.write('icnz', 0, 'latin1');
    expect(() => readIcns(badIcns)).toThrow(/Not an ICNS file/);
    expect(() => readIcns(ico)).toThrow(/Not an ICNS file/);
  });

  it('refuse a file cut short at any byte with a clear Error', () => {
    const ico = writeIco(pngs);
    const icns = writeIcns(pngs.map(({ png }, index) => ({ type: ['icp4', 'icp5', 'ic08'][index] ?? 'icp4', png })));
    // Every prefix, byte by byte, of the directories and headers; then a few cuts inside payloads.
    const cuts = (length: number): number[] => [...Array.from({ length: 80 }, (_, i) => i), length - 1, length - 100, Math.floor(length / 2)];
    for (const cut of cuts(ico.length)) expect(() => readIco(ico.subarray(0, cut)), `ICO cut at ${cut}`).toThrow(Error);
    for (const cut of cuts(icns.length)) expect(() => readIcns(icns.subarray(0, cut)), `ICNS cut at ${cut}`).toThrow(Error);
  });

  it('refuse an ICNS entry whose length could not move the reader on, instead of looping', () => {
    for (const length of [0, 7]) {
      const icns = writeIcns([{ type: 'icp4', png: solidPng(16, 1) }]);
      icns.writeUInt32BE(length, 12);
      expect(() => readIcns(icns)).toThrow(/Malformed ICNS file/);
    }
  });

  it('refuse an ICO entry that points outside the file', () => {
    const ico = writeIco(pngs);
    ico.writeUInt32LE(ico.length, 6 + 12); // the first image's offset: the end of the file
    expect(() => readIco(ico)).toThrow(/Truncated ICO file/);
  });
});
