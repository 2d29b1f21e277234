import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import type { Observable } from 'rxjs';
import type { AuthenticatedRequest } from '@api/auth/auth.decorators';
import type { Principal } from '@api/auth/principal';
import { AuditRepository } from './audit.repository';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The stable id of who called: the credential's id, never the credential. */
export function principalRef(principal: Principal): { kind: string; id: string } {
  switch (principal.kind) {
    case 'operator':
      return { kind: principal.kind, id: principal.keyId };
    case 'shopToken':
      return { kind: principal.kind, id: principal.tokenId };
    case 'franchiseInvitation':
      return { kind: principal.kind, id: principal.invitationId };
  }
}

/**
 * Records every authenticated request that can change something, once its response is
 * finished (so the status is the real one, errors included), without delaying it. Only the
 * route template and its path parameters are kept: bodies, queries and headers can hold
 * credentials and are never read here.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditRepository,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(AuditInterceptor.name);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest & { id?: unknown }>();
    const response = http.getResponse<Response>();
    const principal = request.principal;
    if (principal && !READS.has(request.method)) {
      const action = context.getHandler().name;
      response.once('finish', () => {
        const params = Object.fromEntries(
          Object.entries((request.params ?? {}) as Record<string, string>).filter(
            ([, value]) => typeof value === 'string',
          ),
        );
        const ids = Object.values(params);
        const { kind, id } = principalRef(principal);
        this.audit
          .insert({
            tenantId: principal.tenantId,
            principalKind: kind,
            principalId: id,
            action,
            method: request.method,
            route: routeOf(request),
            resourceId: ids.length ? ids[ids.length - 1] : null,
            params,
            status: response.statusCode,
            requestId: typeof request.id === 'string' ? request.id : null,
          })
          .catch((error: unknown) =>
            this.logger.error({ err: error, action }, 'Writing an audit entry failed'),
          );
      });
    }
    return next.handle();
  }
}

function routeOf(request: AuthenticatedRequest): string {
  const route = (request as { route?: { path?: unknown } }).route?.path;
  return typeof route === 'string' ? route : request.path;
}
