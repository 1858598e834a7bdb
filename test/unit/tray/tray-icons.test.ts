import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { trayIconName } from '../../../electron/core/tray/tray.ts';

const trayDir = resolve(import.meta.dirname, '../../../electron/assets/tray');

/** Width, height and RGBA pixels of a PNG. */
function readPng(path: string): { width: number; height: number; rgba: Uint8Array } {
  const png = PNG.sync.read(readFileSync(path));
  return { width: png.width, height: png.height, rgba: png.data };
}

const NAMES = ['trayTemplate', 'tray-dark', 'tray-light'] as const;

describe('the tray images', () => {
  it('exist for every image the tray can pick, at 16 px and at 32 px for @2x screens', () => {
    const picked = new Set(
      ['darwin', 'win32', 'linux'].flatMap((platform) =>
        [true, false].map((dark) => trayIconName(platform, { darkColors: dark, darkSystemUi: dark, currentDesktop: undefined })),
      ),
    );
    expect([...picked].sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) {
      for (const [suffix, size] of [
        ['', 16],
        ['@2x', 32],
      ] as const) {
        const path = join(trayDir, `${name}${suffix}.png`);
        expect(existsSync(path), path).toBe(true);
        const { width, height } = readPng(path);
        expect([name + suffix, width, height]).toEqual([name + suffix, size, size]);
      }
    }
  });

  it('draw the glyph in one colour on transparency: black for the macOS template, dark and light for the others', () => {
    const colours = { trayTemplate: [0, 0, 0], 'tray-dark': [0x20, 0x21, 0x24], 'tray-light': [0xf1, 0xf3, 0xf4] };
    for (const name of NAMES) {
      const { rgba } = readPng(join(trayDir, `${name}@2x.png`));
      let opaque = 0;
      let transparent = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        const alpha = rgba[i + 3] ?? 0;
        if (alpha === 0) transparent += 1;
        if (alpha === 255) {
          opaque += 1;
          expect([name, ...rgba.subarray(i, i + 3)]).toEqual([name, ...colours[name]]);
        }
      }
      // A visible glyph with see-through background and holes (the "#"), not a filled square or an empty image.
      expect(opaque).toBeGreaterThan(150);
      expect(transparent).toBeGreaterThan(200);
    }
  });
});
