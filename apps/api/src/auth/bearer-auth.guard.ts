import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hashToken, tokenKindOf } from '@platform/tokens';
import { ProblemException } from '@api/common/problem/problem.exception';
import { InvitationsService } from '@api/invitations/invitations.service';
import { ShopTokenResolver } from '@api/shop-documents/shop-token-resolver';
import { ALLOWED_PRINCIPALS, PUBLIC_ROUTE, type AuthenticatedRequest } from './auth.decorators';
import { OperatorKeysRepository } from './operator-keys.repository';
import type { Principal, PrincipalKind } from './principal';

const WWW_AUTHENTICATE = { 'WWW-Authenticate': 'Bearer realm="saferpay-account-platform"' };

/**
 * Resolves `Authorization: Bearer <token>` to a principal. Applied globally:
 * a route is closed unless marked {@link Public}.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly operatorKeys: OperatorKeysRepository,
    private readonly shopTokens: ShopTokenResolver,
    private readonly invitations: InvitationsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      throw new ProblemException(
        'unauthorized',
        'Send an API key as "Authorization: Bearer <key>".',
        undefined,
        WWW_AUTHENTICATE,
      );
    }
    const principal = await this.resolve(token);
    if (!principal) {
      throw new ProblemException(
        'unauthorized',
        'The API key is unknown or revoked.',
        undefined,
        WWW_AUTHENTICATE,
      );
    }
    const allowed = this.reflector.getAllAndOverride<PrincipalKind[]>(
      ALLOWED_PRINCIPALS,
      targets,
    ) ?? ['operator'];
    if (!allowed.includes(principal.kind)) {
      throw new ProblemException(
        'forbidden',
        `A ${principal.kind} credential may not call this endpoint.`,
      );
    }
    // An invitation reaches only its own franchise; anything else looks missing (404).
    if (
      principal.kind === 'franchiseInvitation' &&
      !(await this.invitations.isInScope(principal, request.params))
    ) {
      throw new ProblemException('notFound', 'Not found for this invitation.');
    }
    request.principal = principal;
    return true;
  }

  private async resolve(token: string): Promise<Principal | undefined> {
    const kind = tokenKindOf(token);
    if (!kind) return undefined;
    switch (kind) {
      case 'operatorKey': {
        const key = await this.operatorKeys.findActiveByHash(hashToken(token));
        return key ? { kind: 'operator', tenantId: key.tenantId, keyId: key.id } : undefined;
      }
      case 'shopToken': {
        // Cached for SHOP_TOKEN_CACHE_TTL_MS: shops call on every checkout page.
        const ref = await this.shopTokens.resolve(hashToken(token));
        return ref ? { kind: 'shopToken', ...ref } : undefined;
      }
      case 'franchiseInvitation':
        return this.invitations.resolvePrincipal(token);
    }
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
