import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AllowPrincipals, TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { UuidParam } from '@api/common/http/uuid-param';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import { JobDto, JobPageDto, ListJobsQueryDto } from './dto/job.dto';
import { JobsService } from './jobs.service';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  /** Lists the tenant's background jobs, newest first, filtered by status or type. */
  @Get()
  @ApiOkResponse({ type: JobPageDto })
  @ApiProblemResponses(400, 401)
  listJobs(
    @TenantContext() { tenantId }: TenantContextValue,
    @Query() query: ListJobsQueryDto,
  ): Promise<JobPageDto> {
    return this.jobs.list(tenantId, query);
  }

  /** A job's status, progress and errors; poll it to follow long work. */
  @Get(':jobId')
  // Also the wizard: InvitationsService checks the ids belong to the invitation's franchise.
  @AllowPrincipals('operator', 'franchiseInvitation')
  @ApiOkResponse({ type: JobDto })
  @ApiProblemResponses(400, 401, 404)
  getJob(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('jobId') id: string,
  ): Promise<JobDto> {
    return this.jobs.get(tenantId, id);
  }
}
