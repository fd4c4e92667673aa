/**
 * Decides what an uploaded image IS from its bytes — never from its file name or the content type
 * the client declared — and refuses anything that is not a complete, plain JPEG/PNG/WebP (or, where
 * allowed, a sanitised SVG). The result carries the bytes to store, their content type, extension
 * and pixel dimensions.
 */
import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import { ApiError } from '../http/errors.ts';
import { checkJpeg, checkNoMarkup, checkPng, checkWebp, MalformedImageError } from './image-structure.ts';
import { looksLikeSvg, sanitiseSvg, UnsafeSvgError } from './svg-sanitiser.ts';

/** Largest image accepted (10 MB, decimal: below API Gateway's 10 MiB request cap, so the API answers). */
export const MAX_IMAGE_BYTES = 10_000_000;
/**
 * Largest SVG accepted. SVG is parsed into a DOM to be sanitised, which costs far more memory and
 * time per byte than checking a raster; a logo's vector file is a few kilobytes.
 */
export const MAX_SVG_BYTES = 1_000_000;

const RASTERS = {
  'image/png': { extension: 'png', check: checkPng },
  'image/jpeg': { extension: 'jpg', check: checkJpeg },
  'image/webp': { extension: 'webp', check: checkWebp },
} as const;

type RasterType = keyof typeof RASTERS;

/** What the magic-byte sniffer calls an SVG (text formats have no magic number of their own). */
const XML_TYPES = new Set(['application/xml', 'text/xml', 'image/svg+xml']);

/** An image ready to store. */
export interface InspectedImage {
  bytes: Buffer;
  content_type: RasterType | 'image/svg+xml';
  extension: string;
  width: number;
  height: number;
}

const notAllowed = (message: string) => new ApiError('FILE_002', { message });

const tooLarge = (limit: number) =>
  new ApiError('FILE_001', { message: `File is too large (maximum ${limit / 1_000_000} MB)` });

/** Width and height in display orientation (EXIF orientations 5–8 are rotated a quarter turn). */
function dimensions(bytes: Buffer): { width: number; height: number } {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(bytes);
  } catch {
    throw notAllowed('The image dimensions could not be read (truncated or corrupt file)');
  }
  const { width, height, orientation } = size;
  if (!width || !height) throw notAllowed('The image has no dimensions');
  return orientation !== undefined && orientation >= 5 ? { width: height, height: width } : { width, height };
}

function inspectSvg(bytes: Buffer): InspectedImage {
  if (bytes.length > MAX_SVG_BYTES) throw tooLarge(MAX_SVG_BYTES);
  let clean: Buffer;
  try {
    clean = sanitiseSvg(bytes).bytes;
  } catch (error) {
    if (error instanceof UnsafeSvgError) throw notAllowed(error.message);
    throw error;
  }
  const { width, height } = dimensions(clean);
  return { bytes: clean, content_type: 'image/svg+xml', extension: 'svg', width, height };
}

/**
 * The image in `bytes`: JPEG, PNG or WebP recognised by magic bytes and checked end to end, or an
 * SVG when `allowSvg`. 413 FILE_001 over the size limit; 400 FILE_002 for anything else.
 */
export async function inspectImage(bytes: Buffer, options: { allowSvg: boolean }): Promise<InspectedImage> {
  if (bytes.length > MAX_IMAGE_BYTES) throw tooLarge(MAX_IMAGE_BYTES);
  if (bytes.length === 0) throw notAllowed('The file is empty');
  const sniffed = await fileTypeFromBuffer(bytes);
  const raster = sniffed && sniffed.mime in RASTERS ? (sniffed.mime as RasterType) : undefined;
  if (!raster) {
    if (options.allowSvg && (!sniffed || XML_TYPES.has(sniffed.mime)) && looksLikeSvg(bytes))
      return inspectSvg(bytes);
    const allowed = options.allowSvg ? 'JPG, PNG, WebP or SVG' : 'JPG, PNG or WebP';
    throw notAllowed(
      `Only ${allowed} images are accepted${sniffed ? ` (this file is ${sniffed.mime})` : ''}`,
    );
  }
  try {
    RASTERS[raster].check(bytes);
    checkNoMarkup(bytes);
  } catch (error) {
    if (error instanceof MalformedImageError) throw notAllowed(error.message);
    throw error;
  }
  return { bytes, content_type: raster, extension: RASTERS[raster].extension, ...dimensions(bytes) };
}
