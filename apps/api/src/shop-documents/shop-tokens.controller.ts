import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { UuidParam } from '@api/common/http/uuid-param';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import { CreateShopTokenDto, IssuedShopTokenDto, ShopTokenListDto } from './dto/shop-token.dto';
import { ShopTokensService } from './shop-tokens.service';

@ApiTags('shop-tokens')
@ApiBearerAuth()
@Controller()
export class ShopTokensController {
  constructor(private readonly tokens: ShopTokensService) {}

  /** Issues a token for one shop (`sap_shop_…`). The secret is in this response only. */
  @Post('shops/:shopId/tokens')
  @ApiCreatedResponse({ type: IssuedShopTokenDto })
  @ApiProblemResponses(400, 401, 403, 404, 413, 415)
  createShopToken(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('shopId') shopId: string,
    @Body() body: CreateShopTokenDto,
  ): Promise<IssuedShopTokenDto> {
    return this.tokens.issue(tenantId, shopId, body.name ?? null);
  }

  /** The shop's tokens, newest first, revoked ones included, without secrets. */
  @Get('shops/:shopId/tokens')
  @ApiOkResponse({ type: ShopTokenListDto })
  @ApiProblemResponses(400, 401, 403, 404)
  async listShopTokens(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('shopId') shopId: string,
  ): Promise<ShopTokenListDto> {
    return { items: await this.tokens.list(tenantId, shopId) };
  }

  /** Revokes a shop token: refused at once by this replica, by others within SHOP_TOKEN_CACHE_TTL_MS. */
  @Delete('shop-tokens/:shopTokenId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblemResponses(400, 401, 403, 404)
  revokeShopToken(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('shopTokenId') id: string,
  ): Promise<void> {
    return this.tokens.revoke(tenantId, id);
  }
}
