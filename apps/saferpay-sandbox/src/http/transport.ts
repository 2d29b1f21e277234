import type { NextFunction, Request, Response } from 'express';
import { unsupportedMediaType, validationFailed } from '../errors/saferpay-error';
import type { SandboxRuntime } from '../runtime';
import { compareApiVersions, parseApiVersion } from '../validation/formats';
import { ID_CHARACTERS } from '../validation/validator';
import { sendNotAcceptable, sendPayloadTooLarge } from './bare-responses';
import { contextOf, header } from './request-context';

/** 406 (no body) when the Accept header rules out application/json. No Accept = anything. */
export function requireJsonAccept(req: Request, res: Response, next: NextFunction): void {
  if (header(req, 'Accept') !== undefined && !req.accepts('application/json')) {
    sendNotAcceptable(res);
    return;
  }
  next();
}

/**
 * Saferpay-ApiVersion (mandatory, a known version) and Saferpay-RequestId (mandatory, Id[1..50]).
 * `minApiVersion` gates operations such as transaction reporting (1.48).
 */
export function checkSaferpayHeaders(runtime: SandboxRuntime, minApiVersion?: string) {
  const latest = parseApiVersion(runtime.config.latestSpecVersion) ?? [1, 53];
  const minimum = minApiVersion === undefined ? undefined : parseApiVersion(minApiVersion);
  return (req: Request, _res: Response, next: NextFunction): void => {
    const details: string[] = [];
    const versionText = header(req, 'Saferpay-ApiVersion');
    if (versionText === undefined || versionText.trim() === '') {
      details.push('Saferpay-ApiVersion: The Saferpay-ApiVersion header is required.');
    } else {
      const version = parseApiVersion(versionText.trim());
      if (!version || version[0] !== 1 || compareApiVersions(version, latest) > 0) {
        details.push(`Saferpay-ApiVersion: The version '${versionText}' is not supported.`);
      } else if (minimum && compareApiVersions(version, minimum) < 0) {
        details.push(
          `Saferpay-ApiVersion: This function is only available for SpecVersion ${minApiVersion} and higher.`,
        );
      }
    }
    const requestId = header(req, 'Saferpay-RequestId');
    if (requestId === undefined || requestId === '') {
      details.push('Saferpay-RequestId: The Saferpay-RequestId header is required.');
    } else if (requestId.length > 50 || !ID_CHARACTERS.test(requestId)) {
      details.push(
        'Saferpay-RequestId: The Saferpay-RequestId must be 1 to 50 characters of A-Z a-z 0-9 . : - _',
      );
    }
    if (details.length > 0) throw validationFailed(details);
    next();
  };
}

function isJsonMediaType(contentType: string): boolean {
  const [type, ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => !p.startsWith('charset=') || /^charset="?utf-8"?$/.test(p));
}

function hasBody(req: Request): boolean {
  const length = header(req, 'Content-Length');
  return (
    (length !== undefined && Number(length) > 0) || header(req, 'Transfer-Encoding') !== undefined
  );
}

class BodyTooLarge extends Error {}

function readRaw(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * 415 for a body (or a declared Content-Type on POST) that is not application/json (UTF-8);
 * 400 VALIDATION_FAILED for malformed JSON. GET/DELETE bodies are otherwise ignored.
 */
export function readJsonBody(runtime: SandboxRuntime, parse: boolean) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const contentType = header(req, 'Content-Type');
    const declared = contentType !== undefined && contentType.trim() !== '';
    if ((hasBody(req) || (parse && declared)) && !(declared && isJsonMediaType(contentType))) {
      throw unsupportedMediaType(contentType);
    }
    if (!parse) {
      next();
      return;
    }
    let raw: Buffer;
    try {
      raw = await readRaw(req, runtime.config.bodyLimitBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendPayloadTooLarge(res);
        return;
      }
      throw error;
    }
    const text = raw.toString('utf8').trim();
    if (text.length > 0) {
      try {
        contextOf(req).body = JSON.parse(text) as unknown;
      } catch {
        throw validationFailed(['Request: The request body is not valid JSON.']);
      }
    }
    next();
  };
}
