import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import { DriftChecksService } from './drift-checks.service';
import {
  DriftCheckStartedDto,
  DriftScheduleDto,
  StartDriftCheckDto,
  UpdateDriftScheduleDto,
} from './dto/drift.dto';

@ApiTags('drift')
@ApiBearerAuth()
@Controller()
export class DriftController {
  constructor(private readonly checks: DriftChecksService) {}

  /**
   * Re-reads accounts now: the whole tenant (empty body), one franchise or one account.
   * Changes become events (GET /events) and webhook deliveries. A check of the same scope
   * still running is returned instead of starting a second one.
   */
  @Post('drift-checks')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: DriftCheckStartedDto })
  @ApiProblemResponses(400, 401, 404, 409, 413, 415)
  startDriftCheck(
    @TenantContext() { tenantId }: TenantContextValue,
    @Body() body: StartDriftCheckDto,
  ): Promise<DriftCheckStartedDto> {
    return this.checks.checkNow(tenantId, body);
  }

  /** When the tenant's accounts are checked next, and how often. */
  @Get('drift-schedule')
  @ApiOkResponse({ type: DriftScheduleDto })
  @ApiProblemResponses(401)
  getDriftSchedule(@TenantContext() { tenantId }: TenantContextValue): Promise<DriftScheduleDto> {
    return this.checks.getSchedule(tenantId);
  }

  @Put('drift-schedule')
  @ApiOkResponse({ type: DriftScheduleDto })
  @ApiProblemResponses(400, 401, 413, 415)
  updateDriftSchedule(
    @TenantContext() { tenantId }: TenantContextValue,
    @Body() body: UpdateDriftScheduleDto,
  ): Promise<DriftScheduleDto> {
    return this.checks.updateSchedule(tenantId, body);
  }
}
