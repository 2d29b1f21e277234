import { Param, ParseIntPipe } from '@nestjs/common';
import { ProblemException } from '@api/common/problem/problem.exception';

/** A path parameter that must be a positive integer; anything else is a 400 pointing at it. */
export const PositiveIntParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new ParseIntPipe({
      exceptionFactory: () =>
        new ProblemException(
          'validationFailed',
          `Path parameter ${name} must be a positive integer.`,
          [{ pointer: `/path/${name}`, detail: 'must be a positive integer' }],
        ),
    }),
  );
