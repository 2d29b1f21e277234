import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AllowPrincipals, TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { PageQueryDto } from '@api/common/http/page-query.dto';
import { UuidParam } from '@api/common/http/uuid-param';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import {
  CreateShopDto,
  ShopDto,
  ShopPageDto,
  ShopWriteResultDto,
  UpdateShopDto,
} from './dto/shop.dto';
import { ShopDeletionService } from './shop-deletion.service';
import { ShopsService } from './shops.service';

@ApiTags('shops')
@ApiBearerAuth()
@Controller()
export class ShopsController {
  constructor(
    private readonly shops: ShopsService,
    private readonly deletion: ShopDeletionService,
  ) {}

  /** Creates a shop on an ECOM terminal of a ready account of the franchise. */
  @Post('franchises/:franchiseId/shops')
  // Also the wizard: InvitationsService checks the ids belong to the invitation's franchise.
  @AllowPrincipals('operator', 'franchiseInvitation')
  @ApiCreatedResponse({ type: ShopWriteResultDto })
  @ApiProblemResponses(400, 401, 404, 413, 415, 422)
  createShop(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
    @Body() body: CreateShopDto,
  ): Promise<ShopWriteResultDto> {
    return this.shops.create(tenantId, franchiseId, body);
  }

  @Get('franchises/:franchiseId/shops')
  // Also the wizard: InvitationsService checks the ids belong to the invitation's franchise.
  @AllowPrincipals('operator', 'franchiseInvitation')
  @ApiOkResponse({ type: ShopPageDto })
  @ApiProblemResponses(400, 401, 404)
  listShops(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
    @Query() query: PageQueryDto,
  ): Promise<ShopPageDto> {
    return this.shops.list(tenantId, franchiseId, query);
  }

  @Get('shops/:shopId')
  // Also the wizard: InvitationsService checks the ids belong to the invitation's franchise.
  @AllowPrincipals('operator', 'franchiseInvitation')
  @ApiOkResponse({ type: ShopDto })
  @ApiProblemResponses(400, 401, 404)
  getShop(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('shopId') shopId: string,
  ): Promise<ShopDto> {
    return this.shops.get(tenantId, shopId);
  }

  /** Changes the name or the source URLs; new source URLs rotate the shop's Fields token. */
  @Patch('shops/:shopId')
  @ApiOkResponse({ type: ShopWriteResultDto })
  @ApiProblemResponses(400, 401, 404, 413, 415)
  updateShop(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('shopId') shopId: string,
    @Body() body: UpdateShopDto,
  ): Promise<ShopWriteResultDto> {
    return this.shops.update(tenantId, shopId, body);
  }

  /** Deletes the shop; its Fields tokens are revoked at Saferpay. */
  @Delete('shops/:shopId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted; tokens are being revoked.' })
  @ApiProblemResponses(400, 401, 404, 409)
  deleteShop(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('shopId') shopId: string,
  ): Promise<void> {
    return this.deletion.delete(tenantId, shopId);
  }
}
