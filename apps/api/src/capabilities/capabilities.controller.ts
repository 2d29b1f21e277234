import { Controller, Get, Header, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AllowPrincipals, TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { PositiveIntParam } from '@api/common/http/int-param';
import { UuidParam } from '@api/common/http/uuid-param';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import { CapabilitiesService } from './capabilities.service';
import {
  CapabilityMatrixDto,
  MatrixQueryDto,
  SnapshotDiffDto,
  SnapshotDiffQueryDto,
  SnapshotDto,
  SnapshotVersionListDto,
} from './dto/capabilities.dto';

@ApiTags('capabilities')
@ApiBearerAuth()
@Controller()
export class CapabilitiesController {
  constructor(private readonly capabilities: CapabilitiesService) {}

  /** The account's snapshot versions, newest first (a version is stored only when something changed). */
  @Get('merchant-accounts/:accountId/snapshots')
  @ApiOkResponse({ type: SnapshotVersionListDto })
  @ApiProblemResponses(400, 401, 404)
  listSnapshotVersions(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('accountId') accountId: string,
  ): Promise<SnapshotVersionListDto> {
    return this.capabilities.listVersions(tenantId, accountId);
  }

  @Get('merchant-accounts/:accountId/snapshots/latest')
  @ApiOkResponse({ type: SnapshotDto })
  @ApiProblemResponses(400, 401, 404)
  getLatestSnapshot(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('accountId') accountId: string,
  ): Promise<SnapshotDto> {
    return this.capabilities.latest(tenantId, accountId);
  }

  /** What changed between two versions, structured and as sentences. */
  @Get('merchant-accounts/:accountId/snapshots/diff')
  @ApiOkResponse({ type: SnapshotDiffDto })
  @ApiProblemResponses(400, 401, 404)
  diffSnapshots(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('accountId') accountId: string,
    @Query() query: SnapshotDiffQueryDto,
  ): Promise<SnapshotDiffDto> {
    return this.capabilities.diff(tenantId, accountId, query.from, query.to);
  }

  @Get('merchant-accounts/:accountId/snapshots/:version')
  @ApiOkResponse({ type: SnapshotDto })
  @ApiProblemResponses(400, 401, 404)
  getSnapshot(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('accountId') accountId: string,
    @PositiveIntParam('version') version: number,
  ): Promise<SnapshotDto> {
    return this.capabilities.version(tenantId, accountId, version);
  }

  /**
   * Which capability is available on which account and terminal of the franchise, from each
   * account's latest snapshot. `Accept: text/csv` gives one row per capability, one column per account.
   */
  @Get('franchises/:franchiseId/capability-matrix')
  // Also the wizard: InvitationsService checks the ids belong to the invitation's franchise.
  @AllowPrincipals('operator', 'franchiseInvitation')
  @Header('Vary', 'Accept')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: CapabilityMatrixDto })
  @ApiProblemResponses(400, 401, 404)
  async getCapabilityMatrix(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
    @Query() query: MatrixQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CapabilityMatrixDto | string> {
    if (accept?.includes('text/csv')) {
      res.type('text/csv; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="capability-matrix-${franchiseId}.csv"`,
      );
      return this.capabilities.matrixCsv(tenantId, franchiseId, query);
    }
    return this.capabilities.matrix(tenantId, franchiseId, query);
  }
}
