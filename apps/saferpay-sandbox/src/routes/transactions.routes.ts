import { SaferpayError } from '../errors/saferpay-error';
import { sleep } from '../http/abortable-sleep';
import { validateTransactionsQuery } from '../validation/transactions-query';
import { json, requireTerminal, type OperationDefinition } from './operation';
import { renderTransaction } from './render-transaction';

/** Saferpay forbids parallel report requests; there is no dedicated error name for it. */
function parallelRequestRefused(): SaferpayError {
  return new SaferpayError(402, 'RETRY_LATER', 'ACTION_NOT_SUPPORTED', 'Action not supported', [
    'Parallel requests are not allowed. Execute transaction report requests one after the other.',
  ]);
}

export const transactionOperations: OperationDefinition[] = [
  {
    operation: 'GetTransactions',
    method: 'get',
    path: '/transactions',
    minApiVersion: '1.48',
    handle: async (request) => {
      const query = validateTransactionsQuery(request.query, request.now);
      if (query.terminalId !== undefined) requireTerminal(request, query.terminalId);
      const { state, config, shutdown } = request.runtime;
      const { customerId, transactionAmountShape } = request.account;
      if (state.reportsInFlight.has(customerId)) throw parallelRequestRefused();
      state.reportsInFlight.add(customerId);
      try {
        const start = query.start.getTime();
        const end = query.end.getTime();
        // Newest first ("taking from the top of the day"), as the guide describes paging.
        const matching = state
          .transactions(customerId)
          .filter(
            (t) =>
              t.state === query.state &&
              (query.terminalId === undefined || t.terminalId === query.terminalId) &&
              t.occurredAt.getTime() > start &&
              t.occurredAt.getTime() < end,
          )
          .sort(
            (a, b) =>
              b.occurredAt.getTime() - a.occurredAt.getTime() ||
              a.transactionId.localeCompare(b.transactionId),
          );
        const offset = (query.pageNumber - 1) * query.pageSize;
        const page = matching.slice(offset, offset + query.pageSize);
        if (config.reportProcessingMs > 0) await sleep(config.reportProcessingMs, shutdown);
        return json({
          PageNumber: query.pageNumber - 1, // the response counts pages from 0 (documented quirk)
          PageSize: query.pageSize,
          TotalTransactions: matching.length,
          Transactions: page.map((t) => renderTransaction(t, transactionAmountShape)),
        });
      } finally {
        state.reportsInFlight.delete(customerId);
      }
    },
  },
];
