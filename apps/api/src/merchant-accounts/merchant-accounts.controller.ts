import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AllowPrincipals, TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { UuidParam } from '@api/common/http/uuid-param';
import { JobDto } from '@api/jobs/dto/job.dto';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import {
  ListMerchantAccountsQueryDto,
  MerchantAccountDto,
  MerchantAccountPageDto,
  RegisterMerchantAccountDto,
  RegisterMerchantAccountsDto,
  RegisteredMerchantAccountsDto,
  UpdateMerchantAccountDto,
} from './dto/merchant-account.dto';
import { parseAccountsCsv } from './accounts-csv';
import { MerchantAccountsService } from './merchant-accounts.service';

@ApiTags('merchant-accounts')
@ApiBearerAuth()
@Controller()
export class MerchantAccountsController {
  constructor(private readonly accounts: MerchantAccountsService) {}

  /** Registers one account and starts its onboarding job (202: follow the job). */
  @Post('franchises/:franchiseId/merchant-accounts')
  // Also the wizard: InvitationsService checks the ids belong to the invitation's franchise.
  @AllowPrincipals('operator', 'franchiseInvitation')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RegisteredMerchantAccountsDto })
  @ApiProblemResponses(400, 401, 404, 409, 413, 415)
  registerMerchantAccount(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
    @Body() body: RegisterMerchantAccountDto,
  ): Promise<RegisteredMerchantAccountsDto> {
    return this.accounts.register(tenantId, franchiseId, [body]);
  }

  /** Registers up to 1,000 accounts at once with one onboarding job. */
  @Post('franchises/:franchiseId/merchant-accounts/bulk')
  // Also the wizard: InvitationsService checks the ids belong to the invitation's franchise.
  @AllowPrincipals('operator', 'franchiseInvitation')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RegisteredMerchantAccountsDto })
  @ApiProblemResponses(400, 401, 404, 409, 413, 415)
  registerMerchantAccounts(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
    @Body() body: RegisterMerchantAccountsDto,
  ): Promise<RegisteredMerchantAccountsDto> {
    return this.accounts.register(tenantId, franchiseId, body.accounts, '/accounts');
  }

  /**
   * Registers accounts from a CSV upload (`Content-Type: text/csv`; header row
   * customerId,environment,label,username,password) with one onboarding job.
   */
  @Post('franchises/:franchiseId/merchant-accounts/import')
  // Also the wizard: InvitationsService checks the ids belong to the invitation's franchise.
  @AllowPrincipals('operator', 'franchiseInvitation')
  @HttpCode(202)
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'customerId,environment,label,username,password\n123456,test,Pizza Nord,API_123456_10592483,secret',
    },
  })
  @ApiAcceptedResponse({ type: RegisteredMerchantAccountsDto })
  @ApiProblemResponses(400, 401, 404, 409, 413, 415)
  importMerchantAccounts(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
    @Body() body: string,
  ): Promise<RegisteredMerchantAccountsDto> {
    return this.accounts.register(tenantId, franchiseId, parseAccountsCsv(body), '/rows');
  }

  @Get('franchises/:franchiseId/merchant-accounts')
  // Also the wizard: InvitationsService checks the ids belong to the invitation's franchise.
  @AllowPrincipals('operator', 'franchiseInvitation')
  @ApiOkResponse({ type: MerchantAccountPageDto })
  @ApiProblemResponses(400, 401, 404)
  listMerchantAccounts(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
    @Query() query: ListMerchantAccountsQueryDto,
  ): Promise<MerchantAccountPageDto> {
    return this.accounts.list(tenantId, franchiseId, query);
  }

  @Get('merchant-accounts/:accountId')
  @ApiOkResponse({ type: MerchantAccountDto })
  @ApiProblemResponses(400, 401, 404)
  getMerchantAccount(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('accountId') id: string,
  ): Promise<MerchantAccountDto> {
    return this.accounts.get(tenantId, id);
  }

  /** Changes the label or the credentials; new credentials start onboarding again. */
  @Patch('merchant-accounts/:accountId')
  // The wizard corrects rejected credentials; the account must be of the invitation's franchise.
  @AllowPrincipals('operator', 'franchiseInvitation')
  @ApiOkResponse({ type: MerchantAccountDto })
  @ApiProblemResponses(400, 401, 404, 415)
  updateMerchantAccount(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('accountId') id: string,
    @Body() body: UpdateMerchantAccountDto,
  ): Promise<MerchantAccountDto> {
    return this.accounts.update(tenantId, id, body);
  }

  /** Reads the account from Saferpay again (a new snapshot version only if something changed). */
  @Post('merchant-accounts/:accountId/onboarding')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: JobDto })
  @ApiProblemResponses(400, 401, 404, 409)
  onboardMerchantAccount(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('accountId') id: string,
  ): Promise<JobDto> {
    return this.accounts.reonboard(tenantId, id);
  }
}
