import { Injectable } from '@nestjs/common';
import { toPage } from '@platform/pagination';
import { cursorPosition } from '@api/common/http/page-query.dto';
import { AuditRepository } from './audit.repository';
import {
  AuditEntryDto,
  type AuditEntryPageDto,
  type ListAuditEntriesQueryDto,
} from './dto/audit-entry.dto';

/** Reading the audit log (the interceptor writes it). */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async list(tenantId: string, query: ListAuditEntriesQueryDto): Promise<AuditEntryPageDto> {
    const rows = await this.audit.listPage(tenantId, {
      limit: query.limit,
      after: cursorPosition(query.cursor),
      action: query.action,
      resourceId: query.resourceId,
      principalId: query.principalId,
      since: query.since,
      until: query.until,
    });
    const page = toPage(rows, query.limit);
    return {
      items: page.items.map((entry) => AuditEntryDto.from(entry)),
      nextCursor: page.nextCursor,
    };
  }
}
