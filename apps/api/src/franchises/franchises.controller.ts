import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiTags,
} from '@nestjs/swagger';
import { TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { UuidParam } from '@api/common/http/uuid-param';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import {
  CreateFranchiseDto,
  FranchiseDto,
  FranchisePageDto,
  ListFranchisesQueryDto,
  UpdateFranchiseDto,
} from './dto/franchise.dto';
import { FranchisesService } from './franchises.service';

@ApiTags('franchises')
@ApiBearerAuth()
@Controller('franchises')
export class FranchisesController {
  constructor(private readonly franchises: FranchisesService) {}

  /** Creates a franchise. Names and external refs are unique within the tenant. */
  @Post()
  @ApiCreatedResponse({ type: FranchiseDto })
  @ApiProblemResponses(400, 401, 409, 413, 415)
  createFranchise(
    @TenantContext() { tenantId }: TenantContextValue,
    @Body() body: CreateFranchiseDto,
  ): Promise<FranchiseDto> {
    return this.franchises.create(tenantId, body);
  }

  /** Lists franchises oldest first, a page at a time. */
  @Get()
  @ApiOkResponse({ type: FranchisePageDto })
  @ApiProblemResponses(400, 401)
  listFranchises(
    @TenantContext() { tenantId }: TenantContextValue,
    @Query() query: ListFranchisesQueryDto,
  ): Promise<FranchisePageDto> {
    return this.franchises.list(tenantId, query);
  }

  @Get(':franchiseId')
  @ApiOkResponse({ type: FranchiseDto })
  @ApiProblemResponses(400, 401, 404)
  getFranchise(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') id: string,
  ): Promise<FranchiseDto> {
    return this.franchises.get(tenantId, id);
  }

  /** Changes the given fields; `null` clears `externalRef` or `contactEmail`. */
  @Patch(':franchiseId')
  @ApiOkResponse({ type: FranchiseDto })
  @ApiProblemResponses(400, 401, 404, 409, 413, 415)
  updateFranchise(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') id: string,
    @Body() body: UpdateFranchiseDto,
  ): Promise<FranchiseDto> {
    return this.franchises.update(tenantId, id, body);
  }

  @Delete(':franchiseId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiProblemResponses(400, 401, 404, 409)
  deleteFranchise(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') id: string,
  ): Promise<void> {
    return this.franchises.delete(tenantId, id);
  }
}
