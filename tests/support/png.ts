/** Small PNG files built byte by byte, for the upload tests and the upload benchmark. */
import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/** One PNG chunk: length, type, data, CRC-32 of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** An 8-bit RGB PNG whose scanlines are `rows` (each row's filter byte is set to 0 here). */
function encodePng(width: number, height: number, rows: Buffer, extra: Buffer[], level?: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  for (let row = 0; row < height; row += 1) rows[row * (width * 3 + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...extra.map((data) => chunk('tEXt', data)),
    chunk('IDAT', level === undefined ? deflateSync(rows) : deflateSync(rows, { level })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PNG of `width`×`height` RGB pixels, with optional extra chunks before IDAT. */
export function png(width: number, height: number, extra: Buffer[] = []): Buffer {
  return encodePng(width, height, Buffer.alloc((width * 3 + 1) * height, 0x7f), extra);
}

/** A PNG of random RGB pixels (stored deflate blocks, so its size is ~3 bytes per pixel). */
export function noisePng(width: number, height: number): Buffer {
  return encodePng(width, height, randomBytes((width * 3 + 1) * height), [], 0);
}
