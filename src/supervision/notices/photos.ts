// Answer photos: only JPEG and PNG, recognised by their first bytes (a name or a declared type proves nothing).
import { NOTICE_PHOTO_LIMITS } from '../../contracts/index.js';
import { VigilError } from '../../shared/errors.js';

export type PhotoMime = 'image/jpeg' | 'image/png';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image type the bytes really are, or undefined. */
export function sniffImage(bytes: Buffer): PhotoMime | undefined {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= PNG_SIGNATURE.length && bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE))
    return 'image/png';
  return undefined;
}

/** A received upload: its file name as sent and its bytes. */
export interface UploadedPhoto {
  filename: string;
  bytes: Buffer;
}

/** The photo's real type; a clear refusal naming the file when it is neither JPEG nor PNG, or empty. */
export function checkPhoto(photo: UploadedPhoto): PhotoMime {
  const mime = sniffImage(photo.bytes);
  if (!mime) {
    throw new VigilError(
      'VIGIL_VALIDATION',
      `"${photo.filename}" is not a JPEG or PNG picture (its content was checked, not its name): send photos as JPEG or PNG`,
      { details: { reason: 'photo_type', filename: photo.filename } },
    );
  }
  return mime;
}

export const PHOTO_EXTENSIONS: Readonly<Record<PhotoMime, string>> = { 'image/jpeg': 'jpg', 'image/png': 'png' };
export const PHOTO_LIMITS = NOTICE_PHOTO_LIMITS;
