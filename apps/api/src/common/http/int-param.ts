import { Param, type PipeTransform } from '@nestjs/common';
import { ProblemException } from '@api/common/problem/problem.exception';

/** The largest PostgreSQL `integer`: version numbers and counters are stored as one. */
export const MAX_DB_INTEGER = 2_147_483_647;

/**
 * A path parameter that must be a positive integer that fits a database `integer`; anything
 * else (`0`, `1.5`, `99999999999999999999`) is a 400 pointing at it, never a query that fails.
 */
export const PositiveIntParam = (name: string): ParameterDecorator =>
  Param(name, new PositiveIntPipe(name));

class PositiveIntPipe implements PipeTransform<string, number> {
  constructor(private readonly name: string) {}

  transform(value: string): number {
    const parsed = /^[0-9]{1,10}$/.test(value) ? Number(value) : NaN;
    if (!(parsed >= 1 && parsed <= MAX_DB_INTEGER)) {
      throw new ProblemException(
        'validationFailed',
        `Path parameter ${this.name} must be a positive integer.`,
        [
          {
            pointer: `/path/${this.name}`,
            detail: `must be a positive integer up to ${MAX_DB_INTEGER}`,
          },
        ],
      );
    }
    return parsed;
  }
}
