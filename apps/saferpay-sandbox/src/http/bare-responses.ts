import type { Response } from 'express';

/**
 * Answers that come from "the web server or firewall" rather than the Saferpay application:
 * no JSON body, so clients must not assume one.
 */
function page(status: number, title: string, text: string): string {
  return (
    '<!DOCTYPE html>\n<html><head><title>' +
    `${status} ${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>\n`
  );
}

export function sendNotFound(res: Response): void {
  res
    .status(404)
    .type('html')
    .send(page(404, 'Not Found', 'The requested resource was not found.'));
}

export function sendMethodNotAllowed(res: Response, allowed: readonly string[]): void {
  res
    .status(405)
    .set('Allow', allowed.join(', '))
    .type('html')
    .send(
      page(405, 'Method Not Allowed', 'The requested method is not allowed for this resource.'),
    );
}

/**
 * 406 with an empty body. The contract documents 406 as an ErrorResponse (application/json) or a
 * web-server answer (text/html, text/plain); a client that refused JSON gets the latter, so the
 * empty body is declared as text/plain rather than sent without a media type.
 */
export function sendNotAcceptable(res: Response): void {
  res.status(406).type('text/plain').send('');
}

export function sendPayloadTooLarge(res: Response): void {
  res
    .status(413)
    .type('html')
    .send(page(413, 'Request Entity Too Large', 'The request body is too large.'));
}

/** A firewall / load balancer page, e.g. 403 "Request Rejected". */
export function sendFirewallPage(res: Response, status: number, supportId: string): void {
  const title = status === 403 ? 'Request Rejected' : 'Service Unavailable';
  res
    .status(status)
    .type('html')
    .send(
      page(
        status,
        title,
        `The requested URL was rejected. Please consult with your administrator.<br>Your support ID is: ${supportId}`,
      ),
    );
}
