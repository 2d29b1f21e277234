/**
 * Who is calling: an operator, a shop (its token) or franchise staff (an invitation).
 * Each carries its tenant and narrows what it may reach.
 */
export type Principal = OperatorPrincipal | ShopPrincipal | FranchiseInvitationPrincipal;

export interface OperatorPrincipal {
  kind: 'operator';
  tenantId: string;
  keyId: string;
}

/** A shop token (`sap_shop_…`): may read its own shop's capability document, nothing else. */
export interface ShopPrincipal {
  kind: 'shopToken';
  tenantId: string;
  shopId: string;
  tokenId: string;
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
