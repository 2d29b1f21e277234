import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { notFound, ProblemException } from '@api/common/problem/problem.exception';
import { AppConfig } from '@api/config/app-config';
import { FranchisesService } from '@api/franchises/franchises.service';
import { JobDto } from '@api/jobs/dto/job.dto';
import { JobsService } from '@api/jobs/jobs.service';
import {
  OPERATIONAL_ACCOUNT_STATES,
  type MerchantAccountEntity,
} from '@api/merchant-accounts/merchant-account.entity';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import {
  CreateReportExportDto,
  ExportTransactionsQueryDto,
  ListReportWindowsQueryDto,
  ReportExportDto,
  ReportSettingsDto,
  ReportWindowDto,
  ReportWindowListDto,
  UpdateReportSettingsDto,
} from './dto/transaction-reports.dto';
import { REPORT_FETCH_JOB } from './report-fetch.handler';
import type { ReportSettingsEntity, ReportTransactionState } from './report-settings.entity';
import type { ExportFilter } from './report-transactions.repository';
import { ReportWindowsRepository, type WindowPlan } from './report-windows.repository';
import {
  addDays,
  businessDayWindow,
  isCalendarDay,
  isTimeZone,
  latestReportableDay,
  type BusinessDayRule,
} from './zoned-time';

export function ruleOf(settings: ReportSettingsEntity | null): BusinessDayRule {
  return {
    timeZone: settings?.timeZone ?? 'Europe/Zurich',
    dayStartMinute: settings?.dayStartMinute ?? 0,
  };
}

const invalid = (pointer: string, detail: string) =>
  new ProblemException('validationFailed', `${pointer.slice(1)} ${detail}.`, [{ pointer, detail }]);

/**
 * Transaction reporting: settings, on-demand exports of past business days and the window
 * plan shared with the daily scheduler. Fetching is the `transaction-reports.fetch` job.
 */
@Injectable()
export class TransactionReportsService {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly windows: ReportWindowsRepository,
    private readonly accounts: MerchantAccountsRepository,
    private readonly franchises: FranchisesService,
    private readonly jobs: JobsService,
  ) {}

  async getSettings(tenantId: string, accountId: string): Promise<ReportSettingsDto> {
    await this.requireAccount(tenantId, accountId);
    return ReportSettingsDto.from(await this.windows.findSettings(tenantId, accountId));
  }

  async updateSettings(
    tenantId: string,
    accountId: string,
    input: UpdateReportSettingsDto,
  ): Promise<ReportSettingsDto> {
    await this.requireAccount(tenantId, accountId);
    if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
      throw invalid('/timeZone', 'must be an IANA time zone such as Europe/Zurich');
    }
    const current = ReportSettingsDto.from(await this.windows.findSettings(tenantId, accountId));
    const dayStart = input.dayStart ?? current.dayStart;
    const dailyEnabled = input.dailyEnabled ?? current.dailyEnabled;
    const saved = await this.windows.saveSettings(tenantId, accountId, {
      // Switched on (again): the daily export starts at the latest day, it does not catch up.
      ...(dailyEnabled && !current.dailyEnabled ? { dailyPlannedThrough: null } : {}),
      dailyEnabled,
      timeZone: input.timeZone ?? current.timeZone,
      dayStartMinute: Number(dayStart.slice(0, 2)) * 60 + Number(dayStart.slice(3, 5)),
      transactionStates: input.transactionStates ?? current.transactionStates,
    });
    return ReportSettingsDto.from(saved);
  }

  /** Fetches past business days (each one window per state); days already fetched are skipped. */
  async requestExport(
    tenantId: string,
    accountId: string,
    input: CreateReportExportDto,
  ): Promise<ReportExportDto> {
    const account = await this.requireAccount(tenantId, accountId);
    if (!OPERATIONAL_ACCOUNT_STATES.includes(account.state)) {
      throw new ProblemException(
        'unprocessable',
        `The merchant account is ${account.state}; reports need a ready (or non_compliant) account.`,
      );
    }
    const settings = await this.windows.findSettings(tenantId, accountId);
    const rule = ruleOf(settings);
    if (!isCalendarDay(input.from)) throw invalid('/from', 'is not a calendar day');
    if (!isCalendarDay(input.to)) throw invalid('/to', 'is not a calendar day');
    if (input.from > input.to) throw invalid('/to', 'must not be before from');
    const latest = latestReportableDay(new Date(), rule);
    if (input.to > latest) {
      throw invalid(
        '/to',
        `must end before today 00:00 Europe/Zurich (Saferpay's EndDate rule): the latest reportable business day is ${latest}`,
      );
    }
    const days: string[] = [];
    for (let day = input.from; day <= input.to; day = addDays(day, 1)) {
      days.push(day);
      if (days.length > this.config.REPORTING_MAX_RANGE_DAYS) {
        throw invalid('/to', `spans more than ${this.config.REPORTING_MAX_RANGE_DAYS} days`);
      }
    }
    const states = input.transactionStates ?? settings?.transactionStates ?? ['SUCCESSFUL'];
    const result = await this.dataSource.transaction((manager) =>
      this.planAndEnqueue(account, rule, days, states, { force: input.force === true, manager }),
    );
    if (result.job) this.jobs.wakeWorker();
    return result;
  }

  /**
   * Windows for the days and states (created if missing; a boundary change never makes
   * one overlap time already covered) and one fetch job for those not done yet.
   */
  async planAndEnqueue(
    account: MerchantAccountEntity,
    rule: BusinessDayRule,
    days: string[],
    states: ReportTransactionState[],
    options: { force: boolean; manager: EntityManager; dedupeKey?: string },
  ): Promise<ReportExportDto & { created: number }> {
    const { tenantId, id: accountId } = account;
    const plans: WindowPlan[] = [];
    for (const transactionState of states) {
      for (const businessDay of days) {
        const { start, end } = businessDayWindow(businessDay, rule);
        const plan = { transactionState, businessDay, windowStart: start, windowEnd: end };
        for (const other of await this.windows.overlapping(
          tenantId,
          accountId,
          plan,
          options.manager,
        )) {
          if (other.windowStart <= plan.windowStart) plan.windowStart = other.windowEnd;
          if (other.windowEnd >= plan.windowEnd) plan.windowEnd = other.windowStart;
        }
        if (plan.windowStart < plan.windowEnd) plans.push(plan);
      }
    }
    const { windows, created } = await this.windows.ensure(tenantId, accountId, plans, options);
    const open = windows.filter((w) => w.status !== 'done');
    const job = open.length
      ? await this.jobs.enqueue(tenantId, REPORT_FETCH_JOB, {
          manager: options.manager,
          payload: { accountId, windowIds: open.map((w) => w.id) },
          dedupeKey: options.dedupeKey,
          maxAttempts: 10,
        })
      : null;
    return {
      job: job ? JobDto.from(job) : null,
      windows: windows.map((w) => ReportWindowDto.from(w)),
      created,
    };
  }

  async listWindows(
    tenantId: string,
    accountId: string,
    query: ListReportWindowsQueryDto,
  ): Promise<ReportWindowListDto> {
    await this.requireAccount(tenantId, accountId);
    const rows = await this.windows.listForAccount(tenantId, accountId, {
      fromDay: query.from,
      toDay: query.to,
      limit: query.limit,
    });
    return { items: rows.map((w) => ReportWindowDto.from(w)) };
  }

  /** The export's filter; date-only bounds are business days of the account (or Zurich). */
  async exportFilter(
    tenantId: string,
    scope: { accountId: string } | { franchiseId: string },
    query: ExportTransactionsQueryDto,
  ): Promise<ExportFilter> {
    let rule: BusinessDayRule = ruleOf(null);
    if ('accountId' in scope) {
      await this.requireAccount(tenantId, scope.accountId);
      rule = ruleOf(await this.windows.findSettings(tenantId, scope.accountId));
    } else {
      await this.franchises.get(tenantId, scope.franchiseId);
    }
    const bound = (text: string | undefined, pointer: string, end: boolean) => {
      if (text === undefined) return undefined;
      if (text.length === 10) {
        if (!isCalendarDay(text)) throw invalid(pointer, 'is not a calendar day');
        const window = businessDayWindow(text, rule);
        return end ? window.end : window.start;
      }
      const instant = new Date(text);
      if (Number.isNaN(instant.getTime())) throw invalid(pointer, 'is not a valid date-time');
      return instant;
    };
    const from = bound(query.from, '/query/from', false);
    const to = bound(query.to, '/query/to', true);
    if (from && to && from >= to) throw invalid('/query/to', 'must be after from');
    return {
      tenantId,
      ...scope,
      ...('franchiseId' in scope && query.accountId ? { accountId: query.accountId } : {}),
      from,
      to,
      state: query.state,
      terminalId: query.terminalId,
      paymentMethod: query.paymentMethod,
    };
  }

  private async requireAccount(tenantId: string, id: string): Promise<MerchantAccountEntity> {
    const account = await this.accounts.findById(tenantId, id);
    if (!account) throw notFound('Merchant account', id);
    return account;
  }
}
