/**
 * Reads a `multipart/form-data` request body (API Gateway payload v2: base64 when binary) into its
 * text fields and its one file, with busboy. Limits are enforced while parsing, so an oversize file
 * stops being buffered once it passes the limit.
 */
import busboy from 'busboy';
import { ApiError } from '../http/errors.ts';
import type { ApiEvent } from '../http/types.ts';

/** The uploaded file part. `filename` and `declared_type` are the client's claims, for logs only. */
export interface UploadedFile {
  field: string;
  filename: string;
  declared_type: string;
  bytes: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string>;
  file: UploadedFile | null;
}

const badRequest = (message: string) => new ApiError('VAL_003', { message });

/**
 * Parses the body of `event`. 400 VAL_003 when it is not multipart or is malformed, or carries
 * more than one file; 413 FILE_001 when the file exceeds `maxFileBytes`.
 */
export function readMultipart(event: ApiEvent, maxFileBytes: number): Promise<MultipartForm> {
  const contentType = event.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    return Promise.reject(badRequest('Expected a multipart/form-data body with a file field'));
  }
  const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        // One byte over the limit is enough to know the file is too large.
        limits: { files: 1, fileSize: maxFileBytes + 1, fields: 10, fieldSize: 1024, parts: 11 },
      });
    } catch (error) {
      reject(badRequest(`Malformed multipart body: ${(error as Error).message}`));
      return;
    }
    const form: MultipartForm = { fields: {}, file: null };
    let failure: ApiError | null = null;
    const fail = (error: ApiError) => {
      failure ??= error;
    };
    parser.on('field', (name, value) => {
      form.fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        fail(
          new ApiError('FILE_001', { message: `File is too large (maximum ${maxFileBytes / 1_000_000} MB)` }),
        );
        stream.resume();
      });
      stream.on('end', () => {
        if (!failure)
          form.file = {
            field,
            filename: info.filename ?? '',
            declared_type: info.mimeType,
            bytes: Buffer.concat(chunks),
          };
      });
    });
    parser.on('filesLimit', () => fail(badRequest('Send exactly one file')));
    parser.on('partsLimit', () => fail(badRequest('Too many form fields')));
    parser.on('fieldsLimit', () => fail(badRequest('Too many form fields')));
    parser.on('error', (error: Error) => reject(badRequest(`Malformed multipart body: ${error.message}`)));
    parser.on('close', () => (failure ? reject(failure) : resolve(form)));
    parser.end(body);
  });
}
