import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import { AuditService } from './audit.service';
import { AuditEntryPageDto, ListAuditEntriesQueryDto } from './dto/audit-entry.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Who changed what, newest first: every authenticated write of the tenant, with its outcome. */
  @Get()
  @ApiOkResponse({ type: AuditEntryPageDto })
  @ApiProblemResponses(400, 401)
  listAuditEntries(
    @TenantContext() { tenantId }: TenantContextValue,
    @Query() query: ListAuditEntriesQueryDto,
  ): Promise<AuditEntryPageDto> {
    return this.audit.list(tenantId, query);
  }
}
