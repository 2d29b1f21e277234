import { Body, Controller, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { UuidParam } from '@api/common/http/uuid-param';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import {
  CreateReportExportDto,
  ExportTransactionsQueryDto,
  ListReportWindowsQueryDto,
  ReportExportDto,
  ReportSettingsDto,
  ReportWindowListDto,
  UpdateReportSettingsDto,
} from './dto/transaction-reports.dto';
import { streamExport } from './export-stream';
import { ReportTransactionsRepository } from './report-transactions.repository';
import { TransactionReportsService } from './transaction-reports.service';

const EXPORT_BATCH_SIZE = 1000;

@ApiTags('transaction-reports')
@ApiBearerAuth()
@Controller()
export class TransactionReportsController {
  constructor(
    private readonly reports: TransactionReportsService,
    private readonly transactions: ReportTransactionsRepository,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(TransactionReportsController.name);
  }

  @Get('merchant-accounts/:accountId/transaction-reporting')
  @ApiOkResponse({ type: ReportSettingsDto })
  @ApiProblemResponses(400, 401, 404)
  getReportSettings(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('accountId') accountId: string,
  ): Promise<ReportSettingsDto> {
    return this.reports.getSettings(tenantId, accountId);
  }

  /** Daily export on/off, the business day (zone, start time) and the states fetched. */
  @Put('merchant-accounts/:accountId/transaction-reporting')
  @ApiOkResponse({ type: ReportSettingsDto })
  @ApiProblemResponses(400, 401, 404, 415)
  updateReportSettings(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('accountId') accountId: string,
    @Body() body: UpdateReportSettingsDto,
  ): Promise<ReportSettingsDto> {
    return this.reports.updateSettings(tenantId, accountId, body);
  }

  /**
   * Fetches past business days from Saferpay (a job: `GET /jobs/{id}` shows pages done /
   * total). Days already fetched are not requested again unless `force` is set.
   */
  @Post('merchant-accounts/:accountId/transaction-reports')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ReportExportDto })
  @ApiProblemResponses(400, 401, 404, 415, 422)
  requestTransactionReport(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('accountId') accountId: string,
    @Body() body: CreateReportExportDto,
  ): Promise<ReportExportDto> {
    return this.reports.requestExport(tenantId, accountId, body);
  }

  /** The account's report windows (one per business day and state), newest first. */
  @Get('merchant-accounts/:accountId/transaction-reports/windows')
  @ApiOkResponse({ type: ReportWindowListDto })
  @ApiProblemResponses(400, 401, 404)
  listReportWindows(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('accountId') accountId: string,
    @Query() query: ListReportWindowsQueryDto,
  ): Promise<ReportWindowListDto> {
    return this.reports.listWindows(tenantId, accountId, query);
  }

  /** The stored transactions as NDJSON or CSV, streamed in constant memory (oldest first). */
  @Get('merchant-accounts/:accountId/transactions/export')
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: 'NDJSON (one transaction per line, with `raw`) or CSV.' })
  @ApiProblemResponses(400, 401, 404)
  async exportAccountTransactions(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('accountId') accountId: string,
    @Query() query: ExportTransactionsQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    const filter = await this.reports.exportFilter(tenantId, { accountId }, query);
    await this.stream(response, query.format, filter, `transactions-${accountId}`);
  }

  /** The franchise's transactions across its accounts (same filters, plus `accountId`). */
  @Get('franchises/:franchiseId/transactions/export')
  @ApiProduces('application/x-ndjson', 'text/csv')
  @ApiOkResponse({ description: 'NDJSON or CSV.' })
  @ApiProblemResponses(400, 401, 404)
  async exportFranchiseTransactions(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
    @Query() query: ExportTransactionsQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    const filter = await this.reports.exportFilter(tenantId, { franchiseId }, query);
    await this.stream(response, query.format, filter, `transactions-${franchiseId}`);
  }

  private async stream(
    response: Response,
    format: 'ndjson' | 'csv',
    filter: Parameters<ReportTransactionsRepository['batches']>[0],
    filename: string,
  ): Promise<void> {
    const batches = this.transactions.batches(filter, {
      batchSize: EXPORT_BATCH_SIZE,
      withRaw: format === 'ndjson',
    });
    await streamExport(response, format, batches, filename).catch((error: unknown) =>
      this.logger.error({ err: error }, 'Transaction export failed mid-stream'),
    );
  }
}
