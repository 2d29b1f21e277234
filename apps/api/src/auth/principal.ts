/**
 * Who is calling. Later features add principal kinds (franchise invitations,
 * shop tokens); each carries its tenant and narrows what it may reach.
 */
export type Principal = OperatorPrincipal | FranchiseInvitationPrincipal;

export interface OperatorPrincipal {
  kind: 'operator';
  tenantId: string;
  keyId: string;
}

/** Franchise staff in the wizard: only that franchise's onboarding routes (see InvitationsService). */
export interface FranchiseInvitationPrincipal {
  kind: 'franchiseInvitation';
  tenantId: string;
  franchiseId: string;
  invitationId: string;
}

export type PrincipalKind = Principal['kind'];

/** What a handler receives from {@link TenantContext}: the tenant to scope every query to. */
export interface TenantContextValue {
  tenantId: string;
  principal: Principal;
}
