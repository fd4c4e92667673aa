/**
 * Structural checks of raster images, without decoding pixels: every chunk or segment must be
 * complete and the file must end exactly where the format says the image ends.
 *
 * Why not trust a header sniff alone: a truncated upload still has a valid header (and even parses
 * to dimensions), and a polyglot — a real image with an HTML page, a script or a ZIP/JAR archive
 * appended (GIFAR) — is a valid image to a decoder and something else to another parser. Bytes
 * after the image's end marker have no purpose in a logo, so they are refused rather than stripped.
 */
import { crc32 } from 'node:zlib';

/** Why a file is not a well-formed image; the message is shown to the uploader. */
export class MalformedImageError extends Error {}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TRAILING = 'The file has data after the end of the image (appended content is not allowed)';
const TRUNCATED = 'The image is truncated or corrupt';

/** Every chunk complete with a correct CRC, IHDR first, IDAT present, and IEND last. */
export function checkPng(bytes: Buffer): void {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new MalformedImageError(TRUNCATED);
  let offset = 8;
  let sawData = false;
  let first = true;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) break;
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    if (first && type !== 'IHDR') break;
    first = false;
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== bytes.readUInt32BE(end - 4)) {
      throw new MalformedImageError(`${TRUNCATED} (bad checksum in ${type} chunk)`);
    }
    if (type === 'IDAT') sawData = true;
    offset = end;
    if (type === 'IEND') {
      if (!sawData) break;
      if (offset !== bytes.length) throw new MalformedImageError(TRAILING);
      return;
    }
  }
  throw new MalformedImageError(TRUNCATED);
}

/** Markers that stand alone (no length): TEM and the restart markers RST0–RST7. */
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
/** Start-of-frame markers (C0–CF except DHT C4, JPG C8 and DAC CC). */
const isFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Offset of the first marker after entropy-coded data starting at `offset` (-1 when none). */
function endOfScan(bytes: Buffer, offset: number): number {
  let position = bytes.indexOf(0xff, offset);
  while (position !== -1 && position + 1 < bytes.length) {
    const next = bytes[position + 1] as number;
    // FF00 is a stuffed data byte, FFD0–FFD7 restart markers inside the scan, FFFF fill.
    if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) return position;
    position = bytes.indexOf(0xff, position + 1);
  }
  return -1;
}

/** Every segment complete, a frame and a scan present, and EOI as the last two bytes. */
export function checkJpeg(bytes: Buffer): void {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new MalformedImageError(TRUNCATED);
  let offset = 2;
  let sawFrame = false;
  let sawScan = false;
  while (offset + 1 < bytes.length) {
    if (bytes[offset] !== 0xff) break;
    const marker = bytes[offset + 1] as number;
    if (marker === 0xff) {
      offset += 1; // fill byte before a marker
      continue;
    }
    if (marker === 0xd9) {
      if (!sawFrame || !sawScan) break;
      if (offset + 2 !== bytes.length) throw new MalformedImageError(TRAILING);
      return;
    }
    if (isStandalone(marker)) {
      offset += 2;
      continue;
    }
    if (offset + 4 > bytes.length) break;
    const end = offset + 2 + bytes.readUInt16BE(offset + 2);
    if (end > bytes.length) break;
    if (isFrame(marker)) sawFrame = true;
    if (marker === 0xda) {
      sawScan = true;
      const next = endOfScan(bytes, end);
      if (next === -1) break;
      offset = next;
    } else {
      offset = end;
    }
  }
  throw new MalformedImageError(TRUNCATED);
}

/** A RIFF/WEBP container whose declared size is the file size and whose chunks fill it exactly. */
export function checkWebp(bytes: Buffer): void {
  if (
    bytes.length < 20 ||
    bytes.toString('latin1', 0, 4) !== 'RIFF' ||
    bytes.toString('latin1', 8, 12) !== 'WEBP'
  )
    throw new MalformedImageError(TRUNCATED);
  const declared = bytes.readUInt32LE(4) + 8;
  if (declared > bytes.length) throw new MalformedImageError(TRUNCATED);
  if (declared < bytes.length) throw new MalformedImageError(TRAILING);
  let offset = 12;
  let sawImage = false;
  while (offset + 8 <= bytes.length) {
    const type = bytes.toString('latin1', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    // Chunks are padded to an even size; the padding byte may be the last byte of the file.
    const end = offset + 8 + size + (size % 2);
    if (end > bytes.length) throw new MalformedImageError(TRUNCATED);
    if (type === 'VP8 ' || type === 'VP8L' || type === 'ANMF') sawImage = true;
    offset = end;
  }
  if (offset !== bytes.length || !sawImage) throw new MalformedImageError(TRUNCATED);
}

/**
 * Markup a browser's content sniffer (or a careless downstream tool) could treat as a document.
 * Eight-plus specific ASCII bytes are vanishingly unlikely in compressed pixel data, so a match
 * means text was planted in a metadata chunk or comment segment.
 */
const MARKUP = /<(?:script|html|body|iframe|svg|object|embed)\b|<!doctype|<\?php|javascript:/i;

/** Refuses an image that carries HTML/script-like text anywhere in its bytes. */
export function checkNoMarkup(bytes: Buffer): void {
  if (MARKUP.test(bytes.toString('latin1'))) {
    throw new MalformedImageError('The image contains embedded markup or script text');
  }
}
