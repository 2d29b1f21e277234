import { Injectable } from '@nestjs/common';
import { issueToken } from '@platform/tokens';
import { notFound } from '@api/common/problem/problem.exception';
import { ClusterNotifications } from '@api/database/cluster-notifications';
import { IssuedShopTokenDto, ShopTokenDto } from './dto/shop-token.dto';
import { SHOP_TOKENS_REVOKED, ShopTokenResolver } from './shop-token-resolver';
import { ShopTokensRepository } from './shop-tokens.repository';

/**
 * Operators issue, list and revoke shop tokens. Tokens do not change the document, so
 * none of this rebuilds it. A shop may hold several live tokens, to rotate without downtime.
 */
@Injectable()
export class ShopTokensService {
  constructor(
    private readonly tokens: ShopTokensRepository,
    private readonly resolver: ShopTokenResolver,
    private readonly cluster: ClusterNotifications,
  ) {}

  async issue(tenantId: string, shopId: string, name: string | null): Promise<IssuedShopTokenDto> {
    await this.requireShop(tenantId, shopId);
    const issued = issueToken('shopToken');
    const entity = await this.tokens.create(tenantId, {
      shopId,
      name,
      tokenHash: issued.hash,
      hint: issued.hint,
    });
    return { ...ShopTokenDto.from(entity), token: issued.token };
  }

  async list(tenantId: string, shopId: string): Promise<ShopTokenDto[]> {
    await this.requireShop(tenantId, shopId);
    return (await this.tokens.listForShop(tenantId, shopId)).map((t) => ShopTokenDto.from(t));
  }

  /** Effective at once here and, by a cluster notice, on the other replicas. */
  async revoke(tenantId: string, id: string): Promise<void> {
    const token = await this.tokens.findForTenant(tenantId, id);
    if (!token) throw notFound('Shop token', id);
    await this.tokens.revoke(tenantId, id, new Date());
    this.resolver.forgetToken(id);
    this.cluster.publishSoon(SHOP_TOKENS_REVOKED, [id]);
  }

  private async requireShop(tenantId: string, shopId: string): Promise<void> {
    if (!(await this.tokens.shopExists(tenantId, shopId))) throw notFound('Shop', shopId);
  }
}
