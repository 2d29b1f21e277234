import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal, PrincipalKind, TenantContextValue } from './principal';

export const PUBLIC_ROUTE = 'auth:public';
export const ALLOWED_PRINCIPALS = 'auth:principals';

/** The route needs no credential (health checks, problem type docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Which principal kinds may call a route; operators only when not stated. */
export const AllowPrincipals = (...kinds: PrincipalKind[]) =>
  SetMetadata(ALLOWED_PRINCIPALS, kinds);

export type AuthenticatedRequest = Request & { principal?: Principal };

/** The caller's tenant, resolved by the bearer guard. Pass `tenantId` on to every service call. */
export const TenantContext = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): TenantContextValue => {
    const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new Error('TenantContext used on a route without authentication');
    return { tenantId: principal.tenantId, principal };
  },
);
