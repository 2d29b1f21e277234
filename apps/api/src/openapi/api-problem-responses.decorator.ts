import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from '@platform/problem-details';
import { ProblemDetailsDto } from './problem-details.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input; `errors` lists each field.',
  401: 'Missing, unknown or revoked credential.',
  403: 'The credential may not call this endpoint.',
  404: 'No such resource for this tenant.',
  409: 'Conflicts with existing data.',
  413: 'Body too large.',
  415: 'Body is not JSON.',
  422: 'Valid input that cannot be carried out.',
  429: 'Rate limited; see Retry-After.',
  503: 'A dependency (e.g. Saferpay) did not answer; see Retry-After.',
};

/** Documents problem+json error responses of an operation. */
export function ApiProblemResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
      }),
    ),
  );
}
