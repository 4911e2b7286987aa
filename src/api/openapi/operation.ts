// One HTTP operation of the hub as the OpenAPI document describes it, and the helpers that write the lists.
import { z } from 'zod';

/** Who may call: anyone, any logged-in user, an admin, or an inspector or admin (recorded footage). */
export type Access = 'public' | 'session' | 'admin' | 'recorded';

/** A body that is not JSON: its media type and what it is. */
export interface MediaAnswer {
  type: string;
  description: string;
}

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: `/api/cameras/{id}`. */
  path: string;
  tag: string;
  summary: string;
  access: Access;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body's media type when it is not JSON (a multipart upload). */
  bodyType?: 'multipart/form-data';
  /** The success status and its body: a schema (JSON), a media answer, or none. */
  status: number;
  answer?: z.ZodType | MediaAnswer;
  /** Only at a center hub (federation). */
  centerOnly?: boolean;
}

/** A JSON object holding one list under `key`. */
export const list = <T extends z.ZodType>(key: string, item: T) => z.object({ [key]: z.array(item) });

export const op = (
  method: Operation['method'],
  path: string,
  tag: string,
  access: Access,
  summary: string,
  more: Partial<Operation> = {},
): Operation => ({ method, path, tag, access, summary, status: 200, ...more });
