/**
 * The PDF of a document as a download (PRD §6.4 `GET /documents/{id}/pdf`): its bytes from the
 * files bucket and a file name from the document's slug and date
 * (`ai-implementation-guide-2026-01-02.pdf`).
 */
import { GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import { env } from '../config/env.ts';
import type { DocumentItem } from '../data/entities/documents.ts';
import { ApiError } from '../http/errors.ts';
import { s3Client } from '../storage/s3-client.ts';
import { slugify } from '../text/slug.ts';
import type { DocumentsCaller } from './documents-caller.ts';
import { getVisibleDocument } from './read-documents.ts';

/** A downloadable file. */
export interface DocumentFile {
  bytes: Uint8Array;
  filename: string;
}

/** `<slug>-<YYYY-MM-DD>.pdf`: the slug of the title (or topic) and the day it was generated. */
export function pdfFilename(
  document: Pick<DocumentItem, 'slug' | 'title' | 'topic' | 'generation_completed_at' | 'created_at'>,
): string {
  const base = document.slug || slugify(document.title) || slugify(document.topic) || 'document';
  const day = (document.generation_completed_at ?? document.created_at).slice(0, 10);
  return `${base.slice(0, 80).replace(/-$/, '')}-${day}.pdf`;
}

/** The PDF of document `documentId`: 409 RES_003 while it is being generated, 404 FILE_004 when it has none. */
export async function documentPdf(caller: DocumentsCaller, documentId: string): Promise<DocumentFile> {
  const document = await getVisibleDocument(caller, documentId);
  if (!document.pdf_file_path) {
    if (document.status === 'pending' || document.status === 'generating') {
      throw new ApiError('RES_003', { message: 'The PDF is not ready yet; follow the generation status' });
    }
    throw new ApiError('FILE_004', { message: 'This document has no PDF' });
  }
  try {
    const object = await s3Client().send(
      new GetObjectCommand({ Bucket: env().FILES_BUCKET, Key: document.pdf_file_path }),
    );
    if (!object.Body) throw new ApiError('FILE_004');
    return { bytes: await object.Body.transformToByteArray(), filename: pdfFilename(document) };
  } catch (error) {
    if (error instanceof NoSuchKey) throw new ApiError('FILE_004', { message: 'The PDF file is missing' });
    throw error;
  }
}
