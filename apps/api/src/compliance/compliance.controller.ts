import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AllowPrincipals, TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { UuidParam } from '@api/common/http/uuid-param';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import { ComplianceService } from './compliance.service';
import { FranchiseComplianceDto, PolicyDto, PutPolicyDto } from './dto/policy.dto';

@ApiTags('compliance')
@ApiBearerAuth()
@Controller('franchises/:franchiseId')
export class ComplianceController {
  constructor(private readonly compliance: ComplianceService) {}

  /** The franchise's required capabilities (version 0 and empty lists when none was set). */
  @Get('policy')
  // Also the wizard: InvitationsService checks the ids belong to the invitation's franchise.
  @AllowPrincipals('operator', 'franchiseInvitation')
  @ApiOkResponse({ type: PolicyDto })
  @ApiProblemResponses(400, 401, 404)
  getFranchisePolicy(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
  ): Promise<PolicyDto> {
    return this.compliance.getPolicy(tenantId, franchiseId);
  }

  /**
   * Replaces the policy. Every account of the franchise is judged by it at once: accounts
   * that lack something become `non_compliant` (with `compliance.violated` events), those
   * that meet it again become `ready` (`compliance.restored`).
   */
  @Put('policy')
  @ApiOkResponse({ type: PolicyDto })
  @ApiProblemResponses(400, 401, 404, 413, 415)
  putFranchisePolicy(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
    @Body() body: PutPolicyDto,
  ): Promise<PolicyDto> {
    return this.compliance.putPolicy(tenantId, franchiseId, body);
  }

  /** Removes every requirement (stored as a new, empty version). */
  @Delete('policy')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The franchise has no requirements any more.' })
  @ApiProblemResponses(400, 401, 404)
  deleteFranchisePolicy(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
  ): Promise<void> {
    return this.compliance.deletePolicy(tenantId, franchiseId);
  }

  /** Each account's compliance with the policy: compliant, or what is missing. */
  @Get('compliance')
  // Also the wizard: InvitationsService checks the ids belong to the invitation's franchise.
  @AllowPrincipals('operator', 'franchiseInvitation')
  @ApiOkResponse({ type: FranchiseComplianceDto })
  @ApiProblemResponses(400, 401, 404)
  getFranchiseCompliance(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
  ): Promise<FranchiseComplianceDto> {
    return this.compliance.franchiseCompliance(tenantId, franchiseId);
  }
}
