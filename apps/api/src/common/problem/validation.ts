import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import type { ProblemFieldError } from '@platform/problem-details';
import { ProblemException } from './problem.exception';

/** Flattens class-validator's tree into JSON Pointer field errors (`/address/zip`). */
export function toFieldErrors(errors: ValidationError[], parent = ''): ProblemFieldError[] {
  return errors.flatMap((error) => {
    const pointer = `${parent}/${escapePointer(error.property)}`;
    const own = Object.values(error.constraints ?? {}).map((detail) => ({ pointer, detail }));
    return [...own, ...toFieldErrors(error.children ?? [], pointer)];
  });
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Bodies taken as they come (a CSV upload arrives as a string). */
const PRIMITIVE_BODIES = new Set<unknown>([String, Number, Boolean, Array, Object]);

const POINTER_PREFIX: Partial<Record<ArgumentMetadata['type'], string>> = {
  query: '/query',
  param: '/path',
};

/**
 * Body, query and path validation: unknown properties are rejected (a typo
 * must not be silently ignored), values are transformed to the DTO's types,
 * and errors point into the body (`/name`) or the parameters (`/query/limit`).
 */
export class ProblemValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      stopAtFirstError: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors: ValidationError[]) => {
        const fieldErrors = toFieldErrors(errors);
        return new ProblemException(
          'validationFailed',
          `${fieldErrors.length} field${fieldErrors.length === 1 ? '' : 's'} failed validation.`,
          fieldErrors,
        );
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const expectsObject =
      metadata.type === 'body' &&
      metadata.metatype !== undefined &&
      !PRIMITIVE_BODIES.has(metadata.metatype);
    if (expectsObject && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new ProblemException('validationFailed', 'The request body must be a JSON object.', [
        { pointer: '', detail: 'must be a JSON object' },
      ]);
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      const prefix = POINTER_PREFIX[metadata.type];
      if (!prefix || !(error instanceof ProblemException) || !error.fieldErrors) throw error;
      throw new ProblemException(
        error.problemType,
        error.detail,
        error.fieldErrors.map((field) => ({ ...field, pointer: `${prefix}${field.pointer}` })),
      );
    }
  }
}
