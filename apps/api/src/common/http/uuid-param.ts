import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ProblemException } from '@api/common/problem/problem.exception';

/** A path parameter that must be a UUID; anything else is a 400 pointing at the parameter. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new ProblemException('validationFailed', `Path parameter ${name} must be a UUID.`, [
          { pointer: `/path/${name}`, detail: 'must be a UUID' },
        ]),
    }),
  );
