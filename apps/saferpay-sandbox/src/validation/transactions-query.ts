import { TRANSACTION_STATES, type TransactionState } from '../state/model';
import { startOfZurichDay } from '../time/saferpay-time';
import { parseReportDate } from './formats';
import { Validator } from './validator';

export const DEFAULT_PAGE_SIZE = 1000;
export const MAX_PAGE_SIZE = 2000;

export interface TransactionsQuery {
  state: TransactionState;
  terminalId?: string;
  start: Date;
  end: Date;
  /** Effective page size (requested, default 1000, at most 2000). */
  pageSize: number;
  /** Effective 1-based page number (values below 1 become 1). */
  pageNumber: number;
}

function single(v: Validator, params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) {
    v.fail(name, `The parameter ${name} must be given at most once.`);
    return undefined;
  }
  const value = values[0];
  return value === undefined || value === '' ? undefined : value;
}

function integerParam(v: Validator, params: URLSearchParams, name: string): number | undefined {
  const text = single(v, params, name);
  if (text === undefined) return undefined;
  if (!/^-?\d{1,9}$/.test(text)) {
    v.fail(name, `The value '${text}' is not valid for ${name}.`);
    return undefined;
  }
  return Number(text);
}

function dateParam(v: Validator, params: URLSearchParams, name: string): Date | undefined {
  const text = single(v, params, name);
  if (text === undefined) {
    v.required(name);
    return undefined;
  }
  const date = parseReportDate(text);
  if (!date) {
    v.fail(
      name,
      `The value '${text}' is not valid. Expected format: yyyy-MM-dd or yyyy-MM-ddTHH:mm.`,
    );
  }
  return date;
}

/** TransactionReporting GetTransactions query rules. */
export function validateTransactionsQuery(params: URLSearchParams, now: Date): TransactionsQuery {
  const v = new Validator();
  const stateText = single(v, params, 'TransactionState');
  const state =
    stateText === undefined
      ? 'SUCCESSFUL'
      : v.enumValue('TransactionState', stateText, TRANSACTION_STATES);
  const terminalId = integerParam(v, params, 'TerminalId');
  const start = dateParam(v, params, 'StartDate');
  const end = dateParam(v, params, 'EndDate');
  if (end !== undefined && end.getTime() >= startOfZurichDay(now).getTime()) {
    v.fail('EndDate', 'EndDate must be less than today at 00:00.');
  }
  if (start !== undefined && end !== undefined && start.getTime() >= end.getTime()) {
    v.fail('StartDate', 'StartDate must be before EndDate.');
  }
  const pageSize = integerParam(v, params, 'PageSize');
  if (pageSize !== undefined && pageSize < 1)
    v.fail('PageSize', 'The field PageSize must be at least 1.');
  const pageNumber = integerParam(v, params, 'PageNumber');
  v.throwIfFailed();
  if (!start || !end || !state) throw new Error('validated report query without dates');
  return {
    state,
    terminalId: terminalId === undefined ? undefined : String(terminalId),
    start,
    end,
    pageSize: Math.min(pageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    pageNumber: Math.max(pageNumber ?? 1, 1),
  };
}
