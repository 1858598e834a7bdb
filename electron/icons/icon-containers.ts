/**
 * The two icon containers the installers want, written (and read back, for the tests) from PNG images.
 * Pure functions over Buffers; render-icons.ts packs the PNGs it renders from app.svg with them.
 *
 * ICO (Windows; all numbers little-endian):
 *   ICONDIR        6 bytes   reserved u16 = 0, type u16 = 1 (icon), count u16
 *   ICONDIRENTRY  16 bytes   × count: width u8, height u8 (0 means 256), colour count u8 = 0, reserved u8 = 0,
 *                            planes u16 = 1, bits per pixel u16 = 32, payload length u32, payload offset u32
 *   payloads                 here whole PNG files (allowed since Windows Vista), one per entry, after the directory.
 *
 * ICNS (macOS; all numbers big-endian):
 *   header         8 bytes   magic 'icns', length u32 of the whole file (header included)
 *   entries                  × n: type (4 ASCII characters), length u32 of the entry (its 8-byte header included),
 *                            then the payload: here a whole PNG file. ICNS_TYPES lists the types written, with the
 *                            pixel size of each (the @2x types hold twice the points they are named for).
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One PNG image of a square icon, `size` pixels wide and high. */
export interface SizedPng {
  size: number;
  png: Buffer;
}

/** One ICNS entry: its four-character type and its PNG payload. */
export interface IcnsEntry {
  type: string;
  png: Buffer;
}

/** The ICNS types that hold PNG data, each with its pixel size. */
export const ICNS_TYPES: Readonly<Record<string, number>> = {
  icp4: 16,
  icp5: 32,
  icp6: 64,
  ic07: 128,
  ic08: 256,
  ic09: 512,
  ic10: 1024, // 512 pt @2x
  ic11: 32, // 16 pt @2x
  ic12: 64, // 32 pt @2x
  ic13: 256, // 128 pt @2x
  ic14: 512, // 256 pt @2x
};

const ICONDIR_LENGTH = 6;
const ICONDIRENTRY_LENGTH = 16;
const ICNS_HEADER_LENGTH = 8;

function isPng(data: Buffer): boolean {
  return data.length >= PNG_SIGNATURE.length && data.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE);
}

function requirePng(data: Buffer, what: string): void {
  if (!isPng(data)) throw new Error(`${what} is not a PNG image (no PNG signature)`);
}

/** An .ico file holding the given PNGs (1 to 256 px each), in the order given. */
export function writeIco(pngs: readonly SizedPng[]): Buffer {
  if (pngs.length === 0 || pngs.length > 0xffff) throw new Error(`An ICO holds 1 to 65535 images, not ${pngs.length}`);
  const directoryLength = ICONDIR_LENGTH + ICONDIRENTRY_LENGTH * pngs.length;
  const header = Buffer.alloc(directoryLength);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = directoryLength;
  pngs.forEach(({ size, png }, index) => {
    if (!Number.isInteger(size) || size < 1 || size > 256) throw new Error(`An ICO image is 1 to 256 px, not ${size}`);
    requirePng(png, `The ${size} px ICO image`);
    const at = ICONDIR_LENGTH + ICONDIRENTRY_LENGTH * index;
    header.writeUInt8(size === 256 ? 0 : size, at);
    header.writeUInt8(size === 256 ? 0 : size, at + 1);
    header.writeUInt8(0, at + 2);
    header.writeUInt8(0, at + 3);
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...pngs.map(({ png }) => png)]);
}

/**
 * The images of an .ico file written by writeIco: each entry's declared size (a square's side) and its PNG payload.
 * Throws an Error on a file that is not an icon, is truncated, or holds a non-square or non-PNG image.
 */
export function readIco(buf: Buffer): SizedPng[] {
  if (buf.length < ICONDIR_LENGTH) throw new Error(`Not an ICO file: ${buf.length} bytes is shorter than its header`);
  if (buf.readUInt16LE(0) !== 0 || buf.readUInt16LE(2) !== 1) throw new Error('Not an ICO file: wrong magic (reserved 0, type 1)');
  const count = buf.readUInt16LE(4);
  if (count === 0) throw new Error('Not an ICO file: it holds no images');
  const directoryLength = ICONDIR_LENGTH + ICONDIRENTRY_LENGTH * count;
  if (buf.length < directoryLength) throw new Error(`Truncated ICO file: ${count} entries need ${directoryLength} bytes, it has ${buf.length}`);
  const images: SizedPng[] = [];
  for (let index = 0; index < count; index += 1) {
    const at = ICONDIR_LENGTH + ICONDIRENTRY_LENGTH * index;
    const width = buf.readUInt8(at) || 256;
    const height = buf.readUInt8(at + 1) || 256;
    if (width !== height) throw new Error(`ICO entry ${index} is not square: ${width}×${height}`);
    const length = buf.readUInt32LE(at + 8);
    const offset = buf.readUInt32LE(at + 12);
    if (offset < directoryLength || offset + length > buf.length) {
      throw new Error(`Truncated ICO file: entry ${index} (${width} px) runs to byte ${offset + length} of ${buf.length}`);
    }
    const png = buf.subarray(offset, offset + length);
    requirePng(png, `ICO entry ${index} (${width} px)`);
    images.push({ size: width, png });
  }
  return images;
}

/** An .icns file holding the given entries, in the order given. Each type must be one of ICNS_TYPES. */
export function writeIcns(entries: readonly IcnsEntry[]): Buffer {
  const parts: Buffer[] = [];
  let total = ICNS_HEADER_LENGTH;
  for (const { type, png } of entries) {
    if (!Object.hasOwn(ICNS_TYPES, type)) throw new Error(`'${type}' is not an ICNS type for PNG images`);
    requirePng(png, `The ICNS '${type}' image`);
    const header = Buffer.alloc(ICNS_HEADER_LENGTH);
    header.write(type, 0, 4, 'latin1');
    header.writeUInt32BE(ICNS_HEADER_LENGTH + png.length, 4);
    parts.push(header, png);
    total += ICNS_HEADER_LENGTH + png.length;
  }
  const header = Buffer.alloc(ICNS_HEADER_LENGTH);
  header.write('icns', 0, 4, 'latin1');
  header.writeUInt32BE(total, 4);
  return Buffer.concat([header, ...parts]);
}

/**
 * The entries of an .icns file written by writeIcns: each entry's type and PNG payload.
 * Throws an Error on a file that is not an ICNS, is truncated or has a malformed entry, or holds a non-PNG image.
 */
export function readIcns(buf: Buffer): IcnsEntry[] {
  if (buf.length < ICNS_HEADER_LENGTH) throw new Error(`Not an ICNS file: ${buf.length} bytes is shorter than its header`);
  if (buf.toString('latin1', 0, 4) !== 'icns') throw new Error("Not an ICNS file: wrong magic (not 'icns')");
  const total = buf.readUInt32BE(4);
  if (total !== buf.length) throw new Error(`Truncated ICNS file: its header says ${total} bytes, it has ${buf.length}`);
  const entries: IcnsEntry[] = [];
  let at = ICNS_HEADER_LENGTH;
  while (at < total) {
    if (at + ICNS_HEADER_LENGTH > total) throw new Error(`Truncated ICNS file: an entry header at byte ${at} runs past its end`);
    const type = buf.toString('latin1', at, at + 4);
    const length = buf.readUInt32BE(at + 4);
    // Every entry is at least its own header long, so the loop always moves on.
    if (length < ICNS_HEADER_LENGTH || at + length > total) {
      throw new Error(`Malformed ICNS file: entry '${type}' at byte ${at} claims ${length} bytes of the ${total - at} left`);
    }
    const png = buf.subarray(at + ICNS_HEADER_LENGTH, at + length);
    requirePng(png, `ICNS entry '${type}'`);
    entries.push({ type, png });
    at += length;
  }
  return entries;
}
