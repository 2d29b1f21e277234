import type { Request, Response } from 'express';
import { SaferpayError, errorBody } from '../errors/saferpay-error';
import { parseApiVersion } from '../validation/formats';
import { contextOf, header } from './request-context';

/**
 * ResponseHeader.SpecVersion echoes the request's Saferpay-ApiVersion when it is a version
 * string, else the sandbox's latest; RequestId echoes Saferpay-RequestId as sent (the empty
 * string when the header is missing: the field is mandatory, and an invented id would look like
 * an echo of something the client never sent).
 */
export function sendSaferpayError(
  req: Request,
  res: Response,
  error: SaferpayError,
  latestSpecVersion: string,
): void {
  const requested = header(req, 'Saferpay-ApiVersion');
  const specVersion =
    requested !== undefined && parseApiVersion(requested) ? requested : latestSpecVersion;
  contextOf(req).errorName = error.errorName;
  if (error.status === 401) res.set('WWW-Authenticate', 'Basic realm="Saferpay"');
  res.status(error.status).json(errorBody(error, specVersion, header(req, 'Saferpay-RequestId')));
}
