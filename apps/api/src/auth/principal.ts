/**
 * Who is calling. Later features add principal kinds (franchise invitations);
 * each carries its tenant and narrows what it may reach.
 */
export type Principal = OperatorPrincipal | ShopPrincipal;

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

export type PrincipalKind = Principal['kind'];

/** What a handler receives from {@link TenantContext}: the tenant to scope every query to. */
export interface TenantContextValue {
  tenantId: string;
  principal: Principal;
}
