import type { NextFunction, Request, Response } from 'express';
import { ProblemException } from '@api/common/problem/problem.exception';
import { sendProblem } from '@api/common/problem/send-problem';
import { unstorableText } from './json-body.middleware';

/**
 * Query parameters with U+0000 (or a lone surrogate) are a 400 pointing at them: PostgreSQL text cannot hold the
 * character, so a filter with it would fail its query (a 500). JSON and CSV bodies are checked
 * where they are parsed (json-body.middleware.ts).
 */
export function queryNulMiddleware() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const query = req.query as Record<string, unknown>;
    const names = Object.keys(query).filter((name) =>
      [name, ...[query[name]].flat()].some((v) => typeof v === 'string' && unstorableText(v)),
    );
    if (names.length === 0) return next();
    sendProblem(
      req,
      res,
      new ProblemException(
        'validationFailed',
        'Query parameters may not contain the NUL character (U+0000).',
        names.map((name) => ({
          pointer: `/query/${name.replace(/\u0000/g, '')}`,
          detail: 'must not contain U+0000',
        })),
      ),
    );
  };
}
