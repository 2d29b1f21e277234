import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '@platform/problem-details';
import { ProblemException } from './problem.exception';

/** The request id that pino-http assigned, echoed in problems and the X-Request-Id header. */
export function requestIdOf(req: Request): string | undefined {
  const id = (req as Request & { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

export function sendProblem(req: Request, res: Response, problem: ProblemException): void {
  const body: ProblemDetails = problem.toProblem(req.originalUrl.split('?')[0], requestIdOf(req));
  for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
  res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
