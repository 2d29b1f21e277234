import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { hashToken, issueToken } from '@platform/tokens';
import type { FranchiseInvitationPrincipal } from '@api/auth/principal';
import { notFound } from '@api/common/problem/problem.exception';
import { AppConfig } from '@api/config/app-config';
import { FranchisesService } from '@api/franchises/franchises.service';
import { ONBOARDING_JOB } from '@api/onboarding/onboarding.service';
import {
  CreateInvitationDto,
  InvitationDto,
  InvitationSummaryDto,
  IssuedInvitationDto,
} from './dto/invitation.dto';
import { InvitationsRepository } from './invitations.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How an invitation reaches each path parameter's resource: the query answers a row only when
 * the resource belongs to the invitation's franchise. A parameter not listed here is denied.
 */
const SCOPED_PARAMS: Record<string, string> = {
  franchiseId: 'SELECT 1 FROM franchises WHERE tenant_id = $1 AND id = $2 AND id = $3',
  accountId:
    'SELECT 1 FROM merchant_accounts WHERE tenant_id = $1 AND id = $2 AND franchise_id = $3',
  shopId: 'SELECT 1 FROM shops WHERE tenant_id = $1 AND id = $2 AND franchise_id = $3',
  // An onboarding job whose accounts all belong to the franchise (the wizard follows its own jobs).
  jobId: `SELECT 1 FROM jobs j WHERE j.tenant_id = $1 AND j.id = $2 AND j.type = '${ONBOARDING_JOB}'
    AND jsonb_array_length(j.payload->'accountIds') > 0
    AND NOT EXISTS (
      SELECT 1 FROM jsonb_array_elements_text(j.payload->'accountIds') AS a(id)
      LEFT JOIN merchant_accounts m ON m.id = a.id::uuid AND m.tenant_id = $1 AND m.franchise_id = $3
      WHERE m.id IS NULL)`,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class InvitationsService {
  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly franchises: FranchisesService,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async issue(
    tenantId: string,
    franchiseId: string,
    input: CreateInvitationDto,
    requestBaseUrl: string,
  ): Promise<IssuedInvitationDto> {
    await this.franchises.get(tenantId, franchiseId);
    const issued = issueToken('franchiseInvitation');
    const days = input.expiresInDays ?? this.config.INVITATION_TTL_DAYS;
    const entity = await this.invitations.create(tenantId, {
      franchiseId,
      note: input.note ?? null,
      tokenHash: issued.hash,
      hint: issued.hint,
      expiresAt: new Date(Date.now() + days * DAY_MS),
    });
    const base = (this.config.PUBLIC_BASE_URL ?? requestBaseUrl).replace(/\/+$/, '');
    return {
      ...InvitationDto.from(entity),
      token: issued.token,
      // The fragment never leaves the browser, so the token stays out of every access log.
      link: `${base}/app/invite#token=${issued.token}`,
    };
  }

  async list(tenantId: string, franchiseId: string): Promise<InvitationDto[]> {
    await this.franchises.get(tenantId, franchiseId);
    const now = new Date();
    return (await this.invitations.listForFranchise(tenantId, franchiseId)).map((entity) =>
      InvitationDto.from(entity, now),
    );
  }

  async revoke(tenantId: string, id: string): Promise<void> {
    const entity = await this.invitations.findForTenant(tenantId, id);
    if (!entity) throw notFound('Invitation', id);
    await this.invitations.revoke(tenantId, id, new Date());
  }

  /** The principal of a presented invitation token, unless unknown, expired or revoked. */
  async resolvePrincipal(token: string): Promise<FranchiseInvitationPrincipal | undefined> {
    const entity = await this.invitations.findUsableByHash(hashToken(token), new Date());
    return entity
      ? {
          kind: 'franchiseInvitation',
          tenantId: entity.tenantId,
          franchiseId: entity.franchiseId,
          invitationId: entity.id,
        }
      : undefined;
  }

  /**
   * Whether every path parameter of the request names a resource of the invitation's franchise.
   * Unknown parameters deny: a route opened to invitations must be listed in SCOPED_PARAMS.
   */
  async isInScope(
    principal: FranchiseInvitationPrincipal,
    params: Record<string, string | string[] | undefined>,
  ): Promise<boolean> {
    for (const [name, value] of Object.entries(params)) {
      const query = SCOPED_PARAMS[name];
      if (!query) return false;
      // Malformed ids are left to the route's own 400; they cannot reach another franchise.
      if (typeof value !== 'string' || !UUID.test(value)) continue;
      const rows: unknown[] = await this.dataSource.query(query, [
        principal.tenantId,
        value,
        principal.franchiseId,
      ]);
      if (rows.length === 0) return false;
    }
    return true;
  }

  async summary(principal: FranchiseInvitationPrincipal): Promise<InvitationSummaryDto> {
    const franchise = await this.franchises.get(principal.tenantId, principal.franchiseId);
    const entity = await this.invitations.findForTenant(principal.tenantId, principal.invitationId);
    if (!entity) throw notFound('Invitation', principal.invitationId);
    return {
      invitationId: entity.id,
      franchiseId: franchise.id,
      franchiseName: franchise.name,
      franchiseExternalRef: franchise.externalRef,
      expiresAt: entity.expiresAt.toISOString(),
    };
  }
}
