// The OpenAPI 3.1 document of the hub, made from the operation list: JSON Schema (2020-12, as OpenAPI 3.1 uses) from
// each operation's zod schemas, the session cookie as the security scheme, one error shape for every failure.
import { z } from 'zod';
import { ERROR_BODY, OPERATIONS, type MediaAnswer, type Operation } from './operations.js';

type Json = Record<string, unknown>;

/** JSON Schema of a zod schema; what JSON Schema cannot say (a transform, a refinement) is left open. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

const isMedia = (answer: Operation['answer']): answer is MediaAnswer =>
  answer !== undefined && !(answer instanceof z.ZodType);

function parameters(operation: Operation): Json[] {
  const inPath = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const query = operation.query
    ? (schemaOf(operation.query, 'input') as { properties?: Json; required?: string[] })
    : {};
  const inQuery = Object.entries(query.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: query.required?.includes(name) ?? false,
    schema,
  }));
  return [...inPath, ...inQuery];
}

function answerOf(operation: Operation): Json {
  const { answer } = operation;
  const content = !answer
    ? undefined
    : isMedia(answer)
      ? { [answer.type]: { schema: { type: 'string', description: answer.description } } }
      : { 'application/json': { schema: schemaOf(answer, 'output') } };
  const error = { description: 'the error, with a message a user can act on', content: errorContent };
  return {
    [String(operation.status)]: { description: operation.summary, ...(content ? { content } : {}) },
    '4XX': error,
    '5XX': error,
  };
}

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

const SECURITY: Record<Operation['access'], Json[]> = {
  public: [],
  session: [{ session: [] }],
  admin: [{ session: [] }],
  recorded: [{ session: [] }],
};

const ACCESS_NOTE: Record<Operation['access'], string> = {
  public: 'No session needed.',
  session: 'Any logged-in user; answers are limited to the caller’s scope.',
  admin: 'Admins only, within their reach.',
  recorded: 'Inspectors and admins, within their scope.',
};

export function openApiDocument(version: string): Json {
  const paths: Record<string, Json> = {};
  for (const operation of OPERATIONS) {
    const note = operation.centerOnly ? ' At a center hub only.' : '';
    paths[operation.path] = {
      ...paths[operation.path],
      [operation.method]: {
        operationId: `${operation.method}${operation.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase())}`,
        tags: [operation.tag],
        summary: operation.summary,
        description: ACCESS_NOTE[operation.access] + note,
        security: SECURITY[operation.access],
        parameters: parameters(operation),
        ...(operation.body
          ? {
              requestBody: {
                required: true,
                content: { [operation.bodyType ?? 'application/json']: { schema: schemaOf(operation.body, 'input') } },
              },
            }
          : {}),
        responses: answerOf(operation),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil',
      version,
      description:
        'Video surveillance and remote-supervision hub. Log in with `POST /api/auth/login`: the session cookie ' +
        'authenticates every other call. State changes are JSON and must come from the hub’s own origin.',
    },
    tags: [...new Set(OPERATIONS.map((operation) => operation.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: schemaOf(ERROR_BODY, 'output') },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'vigil_session' } },
    },
  };
}
