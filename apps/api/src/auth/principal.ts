/**
 * Who is calling. Later features add principal kinds (franchise invitations,
 * shop tokens); each carries its tenant and narrows what it may reach.
 */
export type Principal = OperatorPrincipal;

export interface OperatorPrincipal {
  kind: 'operator';
  tenantId: string;
  keyId: string;
}

export type PrincipalKind = Principal['kind'];

/** What a handler receives from {@link TenantContext}: the tenant to scope every query to. */
export interface TenantContextValue {
  tenantId: string;
  principal: Principal;
}
