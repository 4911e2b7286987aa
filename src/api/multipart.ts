// Multipart form uploads (answer photos) read with busboy into memory within hard limits: a refused upload stores
// nothing, the request is drained, and the error says what to change.
import busboy from 'busboy';
import type { Request } from 'express';
import { VigilError } from '../shared/errors.js';

export interface UploadLimits {
  /** The file field's name. */
  field: string;
  maxFiles: number;
  maxBytes: number;
}

export interface UploadedForm {
  fields: Record<string, string>;
  files: Array<{ filename: string; bytes: Buffer }>;
}

const MB = 1024 * 1024;
const FIELD_BYTES = 64 * 1024;

export const isMultipart = (contentType: string | undefined): boolean =>
  (contentType ?? '').toLowerCase().split(';')[0]?.trim() === 'multipart/form-data';

/** Reads the whole form; rejects with 400 (malformed, too many files, unknown field) or 413 (a file too large). */
export function readUpload(req: Request, limits: UploadLimits): Promise<UploadedForm> {
  if (!isMultipart(req.headers['content-type'])) {
    return Promise.reject(
      new VigilError(
        'VIGIL_UNSUPPORTED_MEDIA_TYPE',
        'Send the answer as multipart/form-data (a text field and photos)',
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const form: UploadedForm = { fields: {}, files: [] };
    let failed = false;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: limits.maxFiles, fileSize: limits.maxBytes, fields: 10, fieldSize: FIELD_BYTES, parts: 20 },
      });
    } catch (error) {
      reject(
        new VigilError('VIGIL_VALIDATION', 'The upload is not a valid multipart form', {
          cause: error,
          details: { reason: 'upload_malformed' },
        }),
      );
      return;
    }
    const fail = (error: VigilError): void => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      // The rest of the body is read and dropped, so the client receives the refusal instead of a reset.
      req.resume();
      reject(error);
    };
    parser.on('file', (name, stream, info) => {
      if (name !== limits.field) {
        stream.resume();
        fail(
          new VigilError('VIGIL_VALIDATION', `Unexpected file field "${name}": send photos as "${limits.field}"`, {
            details: { reason: 'upload_malformed' },
          }),
        );
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () =>
        fail(
          new VigilError(
            'VIGIL_PAYLOAD_TOO_LARGE',
            `"${info.filename}" is larger than ${limits.maxBytes / MB} MB: send a smaller photo`,
            {
              details: { reason: 'photo_too_large', filename: info.filename, maxBytes: limits.maxBytes },
            },
          ),
        ),
      );
      stream.on('end', () => {
        if (!failed) form.files.push({ filename: info.filename || 'photo', bytes: Buffer.concat(chunks) });
      });
    });
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) {
        fail(
          new VigilError('VIGIL_PAYLOAD_TOO_LARGE', `The field "${name}" is longer than ${FIELD_BYTES / 1024} KB`, {
            details: { reason: 'field_too_large' },
          }),
        );
      } else form.fields[name] = value;
    });
    parser.on('filesLimit', () =>
      fail(
        new VigilError('VIGIL_VALIDATION', `At most ${limits.maxFiles} photos per answer: leave some out`, {
          details: { reason: 'photo_count', maxFiles: limits.maxFiles },
        }),
      ),
    );
    parser.on('partsLimit', () =>
      fail(
        new VigilError('VIGIL_VALIDATION', 'The form has too many parts', { details: { reason: 'upload_malformed' } }),
      ),
    );
    parser.on('error', (error: unknown) =>
      fail(
        new VigilError('VIGIL_VALIDATION', 'The upload was cut off or is not a valid multipart form: send it again', {
          cause: error,
          details: { reason: 'upload_malformed' },
        }),
      ),
    );
    parser.on('close', () => {
      if (!failed) resolve(form);
    });
    req.on('aborted', () =>
      fail(
        new VigilError('VIGIL_VALIDATION', 'The upload was interrupted', { details: { reason: 'upload_malformed' } }),
      ),
    );
    req.pipe(parser);
  });
}
