import { json, text, type NextFunction, type Request, type Response } from 'express';
import { ProblemException } from '@api/common/problem/problem.exception';
import { sendProblem } from '@api/common/problem/send-problem';

/**
 * Keys that could reach an object's prototype chain in later merges, or shadow the methods
 * that turn an object into a primitive (`new Date(value)`, `Number(value)` and template strings
 * throw a TypeError on `{"toString":"x"}`); never valid in our API.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype', 'toString', 'valueOf']);

class ReservedKeyError extends Error {}

/**
 * Text the API cannot take: U+0000 (PostgreSQL text cannot hold it, so its query would fail) and
 * lone surrogates (`"\ud800"`: not Unicode text; validators that encode it throw a URIError, and
 * UTF-8 storage would silently replace it). Both used to end as 500s.
 */
class UnstorableTextError extends Error {
  constructor(
    readonly key: string,
    readonly what: string,
  ) {
    super(what);
  }
}

const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why a string cannot be taken, or undefined when it can. */
export function unstorableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'the NUL character (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'a lone surrogate (text must be well-formed Unicode)';
  return undefined;
}

function rejectReservedKeys(key: string, value: unknown): unknown {
  if (RESERVED_KEYS.has(key)) throw new ReservedKeyError(key);
  const what =
    unstorableText(key) ?? (typeof value === 'string' ? unstorableText(value) : undefined);
  if (what) throw new UnstorableTextError(key, what);
  return value;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Parses JSON bodies (and CSV, as text, for import endpoints) and answers
 * parser failures (malformed JSON, oversized bodies, wrong content type) with
 * problem+json before they reach Nest, whose filters never see errors from
 * plain Express middleware. A CSV body sent to a JSON endpoint fails its
 * validation ("must be a JSON object").
 */
export function jsonBodyMiddleware(limitBytes: number) {
  const parse = json({
    limit: limitBytes,
    strict: true,
    type: ['application/json', 'application/*+json'],
    reviver: rejectReservedKeys,
  });
  const parseCsv = text({ limit: limitBytes, type: 'text/csv' });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!BODY_METHODS.has(req.method) || !hasBody(req)) return next();
    const csv = req.is('text/csv') === 'text/csv';
    if (!csv && !req.is(['application/json', 'application/*+json'])) {
      return sendProblem(
        req,
        res,
        new ProblemException(
          'unsupportedMediaType',
          `Send the body as application/json (or text/csv to an import endpoint), not ${req.headers['content-type'] ?? 'without a Content-Type'}.`,
        ),
      );
    }
    (csv ? parseCsv : parse)(req, res, (error?: unknown) => {
      const what =
        !error && csv && typeof req.body === 'string' ? unstorableText(req.body) : undefined;
      if (what)
        error = Object.assign(new UnstorableTextError('', what), { type: 'entity.parse.failed' });
      if (!error) return next();
      sendProblem(req, res, bodyParserProblem(error, limitBytes));
    });
  };
}

/** ` (under the key "name")`, escaped and cut short, or nothing for a CSV body. */
function keyNote(key: string): string {
  return key ? ` (under the key ${JSON.stringify(key.slice(0, 100))})` : '';
}

function bodyParserProblem(error: unknown, limitBytes: number): ProblemException {
  const type = (error as { type?: unknown }).type;
  switch (type) {
    case 'entity.too.large':
      return new ProblemException('payloadTooLarge', `The body exceeds ${limitBytes} bytes.`);
    case 'entity.parse.failed':
      if (error instanceof ReservedKeyError) {
        return new ProblemException(
          'validationFailed',
          `The key "${error.message}" is not allowed.`,
          [{ pointer: '', detail: `must not contain the key ${error.message}` }],
        );
      }
      if (error instanceof UnstorableTextError) {
        return new ProblemException('validationFailed', `Text may not contain ${error.what}.`, [
          { pointer: '', detail: `must not contain ${error.what}${keyNote(error.key)}` },
        ]);
      }
      return new ProblemException('malformedJson', 'The body could not be parsed as JSON.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ProblemException('unsupportedMediaType', 'Send the body as UTF-8 JSON.');
    default:
      return new ProblemException('badRequest', 'The request body could not be read.');
  }
}
