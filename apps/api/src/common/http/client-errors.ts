import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  problemTypeUri,
  type ProblemDetails,
  type ProblemTypeKey,
} from '@platform/problem-details';

/** What Node's HTTP parser refused, as the problem type the client gets. */
function problemTypeOf(code: string | undefined): ProblemTypeKey {
  if (code === 'HPE_HEADER_OVERFLOW') return 'headersTooLarge';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'requestTimeout';
  return 'badRequest';
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (a request line or headers over
 * the 16 KiB limit, malformed syntax, a request that took too long) get a problem+json like every
 * other 4xx, with a request id, instead of Node's bare `431`/`400` without a body.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const key = problemTypeOf(error.code);
    const { title, status } = PROBLEM_TYPES[key];
    const requestId = randomUUID();
    const problem: ProblemDetails = {
      type: problemTypeUri(key),
      title,
      status,
      detail:
        key === 'headersTooLarge'
          ? 'The request line and headers may be at most 16 KiB together.'
          : key === 'requestTimeout'
            ? 'The request was not received in time.'
            : 'The request is not valid HTTP.',
      requestId,
    };
    const body = JSON.stringify(problem);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
