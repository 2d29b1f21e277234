import { HttpException } from '@nestjs/common';
import {
  PROBLEM_TYPES,
  ProblemFieldError,
  ProblemTypeKey,
  problemTypeUri,
  type ProblemDetails,
} from '@platform/problem-details';

/**
 * The one exception type services throw for expected failures. The filter
 * renders it as RFC 9457 problem details without further mapping.
 */
export class ProblemException extends HttpException {
  constructor(
    readonly problemType: ProblemTypeKey,
    readonly detail?: string,
    readonly fieldErrors?: ProblemFieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? PROBLEM_TYPES[problemType].title, PROBLEM_TYPES[problemType].status);
  }

  toProblem(instance: string, requestId: string | undefined): ProblemDetails {
    const { title, status } = PROBLEM_TYPES[this.problemType];
    return {
      type: problemTypeUri(this.problemType),
      title,
      status,
      ...(this.detail ? { detail: this.detail } : {}),
      instance,
      ...(requestId ? { requestId } : {}),
      ...(this.fieldErrors?.length ? { errors: this.fieldErrors } : {}),
    };
  }
}

/** A resource that does not exist, or belongs to another tenant: the two are indistinguishable. */
export function notFound(resource: string, id: string): ProblemException {
  return new ProblemException('notFound', `${resource} ${id} does not exist.`);
}
