import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import {
  SaferpayApiError,
  type NormalizedTransaction,
  type SaferpayCredentials,
} from '@platform/saferpay-client';
import { errorReason } from '@api/fields-tokens/fields-token-gateway';
import {
  ContinueJobLater,
  JobHandler,
  stoppedEarly,
  PermanentJobError,
  type JobContext,
  type JobHandlerInstance,
} from '@api/jobs/job-handler.decorator';
import type { MerchantAccountEntity } from '@api/merchant-accounts/merchant-account.entity';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import { MerchantAccountsService } from '@api/merchant-accounts/merchant-accounts.service';
import { SaferpayClients } from '@api/saferpay/saferpay-clients';
import { CustomerReportLock, LockNotAcquired } from './customer-report-lock';
import type { ReportWindowEntity } from './report-window.entity';
import {
  ReportTransactionsRepository,
  type ReportTransactionRow,
} from './report-transactions.repository';
import { ReportWindowsRepository } from './report-windows.repository';
import { parseZurichReportDate, saferpayWindowParams } from './zoned-time';

export const REPORT_FETCH_JOB = 'transaction-reports.fetch';
/** Saferpay's maximum; the PageSize it actually applies is read from page 1. */
export const REPORT_PAGE_SIZE = 2000;

/** `<environment>:<customerId>`: one Saferpay customer, whichever tenant or account asks. */
export function reportLockKey(account: Pick<MerchantAccountEntity, 'environment' | 'customerId'>) {
  return `${account.environment}:${account.customerId}`;
}

function pagesOf(window: ReportWindowEntity): { total: number; done: number } {
  const total = Math.max(window.pagesTotal ?? 1, 1);
  return { total, done: window.status === 'done' ? total : window.pagesDone };
}

/**
 * Fetches a job's report windows page by page. Each page is one GetTransactions request
 * made while holding the customer's report lock, and its rows and the window's checkpoint
 * are committed before the lock is released: the next request for that customer, from any
 * job or replica, reads the checkpoint first, so no page is requested twice and none in
 * parallel. A crash loses at most the page in flight; the job resumes at the next one.
 */
@Injectable()
@JobHandler(REPORT_FETCH_JOB)
export class ReportFetchHandler implements JobHandlerInstance {
  constructor(
    private readonly dataSource: DataSource,
    private readonly windows: ReportWindowsRepository,
    private readonly transactions: ReportTransactionsRepository,
    private readonly accounts: MerchantAccountsRepository,
    private readonly merchantAccounts: MerchantAccountsService,
    private readonly saferpay: SaferpayClients,
    private readonly lock: CustomerReportLock,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(ReportFetchHandler.name);
  }

  async run({
    job,
    signal,
    stopping,
    reportProgress,
  }: JobContext): Promise<Record<string, unknown>> {
    const tenantId = job.tenantId;
    const { accountId, windowIds } = job.payload as { accountId?: string; windowIds?: string[] };
    if (!tenantId || !accountId || !Array.isArray(windowIds)) {
      throw new PermanentJobError('job payload lacks accountId or windowIds');
    }
    const account = await this.accounts.findById(tenantId, accountId);
    if (!account) throw new PermanentJobError(`Merchant account ${accountId} does not exist`);
    const windows = await this.windows.listByIds(tenantId, windowIds);
    const progress = () => {
      const pages = windows.map(pagesOf);
      return {
        total: pages.reduce((sum, p) => sum + p.total, 0),
        done: pages.reduce((sum, p) => sum + p.done, 0),
        failed: windows.filter((w) => w.status === 'failed').length,
      };
    };
    await reportProgress(progress());
    for (const [index, window] of windows.entries()) {
      let current = window;
      while (current.status !== 'done' && current.status !== 'failed' && !stopping.aborted) {
        current = await this.nextPage(account, current, signal);
        windows[index] = current;
        await reportProgress(progress());
      }
      if (signal.aborted) return {};
      if (current.status !== 'done' && current.status !== 'failed') throw stoppedEarly();
    }
    return {
      windows: windows.length,
      ...progress(),
      transactions: windows.reduce((sum, w) => sum + w.transactionsStored, 0),
      requests: windows.reduce((sum, w) => sum + w.requests, 0),
      errors: windows
        .filter((w) => w.status === 'failed')
        .map((w) => ({ ref: `${w.businessDay}/${w.transactionState}`, message: w.lastError })),
    };
  }

  /** One page under the customer's lock; returns the window as stored afterwards. */
  private async nextPage(
    account: MerchantAccountEntity,
    window: ReportWindowEntity,
    signal: AbortSignal,
  ): Promise<ReportWindowEntity> {
    const { tenantId, id } = window;
    try {
      await this.lock.run(reportLockKey(account), signal, (held) =>
        this.fetchAndStore(account, id, held),
      );
    } catch (error) {
      if (signal.aborted) return window;
      if (error instanceof LockNotAcquired) {
        throw new ContinueJobLater(new Date(Date.now() + 2_000), error.message);
      }
      if (error instanceof SaferpayApiError && !error.retryable) {
        // Saferpay's final refusal (credentials, validation): this window cannot be fetched.
        this.logger.warn({ windowId: id, reason: errorReason(error) }, 'Report window refused');
        const current = (await this.windows.findById(tenantId, id)) ?? window;
        await this.windows.checkpoint(tenantId, id, current.pagesDone, {
          status: 'failed',
          lastError: errorReason(error),
        });
      } else {
        throw error; // transient: the job retries later from the checkpoint
      }
    }
    return (await this.windows.findById(tenantId, id)) ?? window;
  }

  private async fetchAndStore(
    account: MerchantAccountEntity,
    windowId: string,
    signal: AbortSignal,
  ): Promise<void> {
    // Read under the lock: another job may have fetched this page meanwhile.
    const window = await this.windows.findById(account.tenantId, windowId);
    if (!window || window.status === 'done' || window.status === 'failed') return;
    const params = saferpayWindowParams(
      { start: window.windowStart, end: window.windowEnd },
      new Date(),
    );
    if (!params) throw new PermanentJobError(`window ${window.businessDay} is not reportable yet`);
    const pageNumber = window.pagesDone + 1;
    const credentials: SaferpayCredentials = {
      customerId: account.customerId,
      ...this.merchantAccounts.credentialsOf(account),
    };
    const page = await this.saferpay.forEnvironment(account.environment).getTransactions(
      credentials,
      {
        ...params,
        TransactionState: window.transactionState,
        PageSize: window.pageSize ?? REPORT_PAGE_SIZE,
        PageNumber: pageNumber,
      },
      { signal },
    );
    // The client made the 0-based response 1-based; anything else is not the page we asked for.
    if (page.pageNumber !== pageNumber || page.pageSize < 1) {
      throw new Error(
        `Saferpay answered page ${page.rawPageNumber} (size ${page.pageSize}) for page ${pageNumber}`,
      );
    }
    const pageSize = window.pageSize ?? page.pageSize;
    const total = window.totalTransactions ?? page.totalTransactions;
    const pagesTotal = window.pagesTotal ?? Math.ceil(total / pageSize);
    const now = new Date();
    const rows = page.transactions.map((tx) => this.toRow(account, window, tx, now));
    await this.dataSource.transaction(async (manager) => {
      await this.transactions.upsert(rows, manager);
      const written = await this.windows.checkpoint(
        account.tenantId,
        window.id,
        window.pagesDone,
        {
          status: pageNumber >= pagesTotal ? 'done' : 'running',
          pageSize,
          totalTransactions: total,
          pagesTotal,
          pagesDone: pageNumber,
          fetchedAt: now,
          lastError:
            page.totalTransactions === total
              ? null
              : `TotalTransactions changed from ${total} to ${page.totalTransactions} while paging`,
          addStored: rows.length,
          addRequests: 1,
        },
        manager,
      );
      if (!written)
        throw new Error(`report window ${window.id} moved on while page ${pageNumber} was fetched`);
    });
  }

  private toRow(
    account: MerchantAccountEntity,
    window: ReportWindowEntity,
    tx: NormalizedTransaction,
    now: Date,
  ): ReportTransactionRow {
    const auth = tx.authorizationDetails;
    const occurredAt =
      parseZurichReportDate(auth?.AuthorizationDate) ??
      parseZurichReportDate(tx.failedDetails?.FailedDate) ??
      parseZurichReportDate(tx.pendingDetails?.PendingSinceDate) ??
      window.windowStart;
    return {
      accountId: account.id,
      transactionId: tx.transactionId,
      tenantId: account.tenantId,
      franchiseId: account.franchiseId,
      transactionState: window.transactionState,
      authorizationState: auth?.State ?? null,
      type: auth?.Type ?? null,
      terminalId: tx.terminalId,
      terminalType: tx.terminalType ?? null,
      paymentMethod: tx.paymentMethod,
      occurredAt,
      amountValue: tx.merchantAmount.value,
      currency: tx.merchantAmount.currencyCode,
      capturedValue: tx.capturedMerchantAmount?.value ?? null,
      orderId: tx.orderId ?? null,
      description: tx.description ?? null,
      windowId: window.id,
      raw: tx.raw,
      fetchedAt: now,
    };
  }
}
