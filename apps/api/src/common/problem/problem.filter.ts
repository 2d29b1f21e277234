import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { QueryFailedError } from 'typeorm';
import { PROBLEM_TYPES, ProblemTypeKey } from '@platform/problem-details';
import { ProblemException } from './problem.exception';
import { requestIdOf, sendProblem } from './send-problem';

const BY_STATUS = new Map<number, ProblemTypeKey>(
  (Object.keys(PROBLEM_TYPES) as ProblemTypeKey[])
    .filter(
      (key) =>
        ![
          'routeNotFound',
          'malformedJson',
          'invalidCursor',
          'validationFailed',
          'webhookTargetRefused',
        ].includes(key),
    )
    .map((key) => [PROBLEM_TYPES[key].status, key]),
);

/**
 * Renders every error as problem+json. Expected failures arrive as
 * ProblemException; framework HttpExceptions are mapped by status; anything
 * else is a 500 that shows only the request id (details go to the log).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext(ProblemFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    sendProblem(req, res, this.toProblem(exception, req));
  }

  private toProblem(exception: unknown, req: Request): ProblemException {
    if (exception instanceof ProblemException) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === (HttpStatus.NOT_FOUND as number)) {
        return new ProblemException('routeNotFound', `No endpoint ${req.method} ${req.path}.`);
      }
      const key = BY_STATUS.get(status) ?? (status >= 500 ? 'internalError' : 'badRequest');
      if (status >= 500) this.logger.error({ err: exception }, 'HTTP exception');
      return new ProblemException(key, status >= 500 ? undefined : exception.message);
    }
    // A unique constraint that a service did not anticipate: the client raced another write.
    if (
      exception instanceof QueryFailedError &&
      (exception.driverError as { code?: string })?.code === '23505'
    ) {
      return new ProblemException(
        'conflict',
        'A resource with the same unique values already exists.',
      );
    }
    this.logger.error({ err: exception, requestId: requestIdOf(req) }, 'Unhandled exception');
    return new ProblemException(
      'internalError',
      `An unexpected error occurred. Quote request id ${requestIdOf(req) ?? 'unknown'} when reporting it.`,
    );
  }
}
