import { useMemo, useState } from 'react';
import type { Schemas } from '@platform/api-types';
import { useI18n, type MessageKey } from '../i18n';
import { stateKey } from './AccountsTable';

type Matrix = Schemas['CapabilityMatrixDto'];
type Row = Schemas['MatrixRowDto'];
const KINDS = ['payment_method', 'wallet', 'feature', 'payment_page_config'] as const;

export interface MatrixFilters {
  text: string;
  kind: '' | Row['kind'];
  currency: string;
  requiredOnly: boolean;
}

export const NO_FILTERS: MatrixFilters = { text: '', kind: '', currency: '', requiredOnly: false };

/** The rows the filters leave (pure, so it is tested on its own). */
export function filterRows(rows: Row[], filters: MatrixFilters): Row[] {
  const text = filters.text.trim().toLowerCase();
  return rows.filter(
    (row) =>
      (!text || row.label.toLowerCase().includes(text) || row.code.toLowerCase().includes(text)) &&
      (!filters.kind || row.kind === filters.kind) &&
      (!filters.currency || row.currency === filters.currency) &&
      (!filters.requiredOnly || row.required),
  );
}

/**
 * Accounts (columns) x capabilities (rows): payment methods per currency, wallets, license
 * features, payment page configs. Headers stick while scrolling; a capability the franchise
 * policy requires is marked, and an account lacking it is highlighted as a gap.
 */
export function MatrixTable({ matrix }: { matrix: Matrix }) {
  const { t } = useI18n();
  const [filters, setFilters] = useState<MatrixFilters>(NO_FILTERS);
  const currencies = useMemo(
    () =>
      [...new Set(matrix.rows.map((row) => row.currency).filter((c): c is string => !!c))].sort(),
    [matrix.rows],
  );
  const rows = filterRows(matrix.rows, filters);
  const set = (patch: Partial<MatrixFilters>) =>
    setFilters((current) => ({ ...current, ...patch }));

  return (
    <section aria-labelledby="matrix-title" className="matrix">
      <h3 id="matrix-title">{t('matrixTitle')}</h3>
      <p>{matrix.compliance.sentence}</p>
      <div className="filters" role="search">
        <div className="field">
          <label htmlFor="matrix-text">{t('filterText')}</label>
          <input
            id="matrix-text"
            type="search"
            value={filters.text}
            onChange={(event) => set({ text: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="matrix-kind">{t('filterKind')}</label>
          <select
            id="matrix-kind"
            value={filters.kind}
            onChange={(event) => set({ kind: event.target.value as MatrixFilters['kind'] })}
          >
            <option value="">{t('all')}</option>
            {KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`kind_${kind}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="matrix-currency">{t('filterCurrency')}</label>
          <select
            id="matrix-currency"
            value={filters.currency}
            onChange={(event) => set({ currency: event.target.value })}
          >
            <option value="">{t('all')}</option>
            {currencies.map((currency) => (
              <option key={currency}>{currency}</option>
            ))}
          </select>
        </div>
        <label className="inline">
          <input
            type="checkbox"
            checked={filters.requiredOnly}
            onChange={(event) => set({ requiredOnly: event.target.checked })}
          />
          {t('filterGapsOnly')}
        </label>
      </div>
      {/* Focusable so keyboard users can scroll a wide matrix. */}
      <div className="matrix-scroll" tabIndex={0} role="region" aria-label={t('matrixTitle')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('capability')}</th>
              {matrix.columns.map((column) => {
                const gaps = column.compliance?.gaps.length ?? 0;
                return (
                  <th scope="col" key={column.accountId} className={gaps ? 'has-gaps' : undefined}>
                    <span>{column.label}</span>
                    {column.state && (
                      <small className="column-state">{t(stateKey(column.state))}</small>
                    )}
                    {gaps > 0 && (
                      <small className="column-gaps">{t('gapsOf', { count: gaps })}</small>
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className={row.required ? 'required' : undefined}>
                <th scope="row">
                  {row.label}
                  {row.required && (
                    <span className="required-mark" title={t('requiredMark')}>
                      {' '}
                      ★<span className="visually-hidden">{t('requiredMark')}</span>
                    </span>
                  )}
                </th>
                {row.cells.map((cell, index) => {
                  const gap = row.required && cell === null;
                  return (
                    <td
                      key={matrix.columns[index]?.accountId ?? index}
                      className={gap ? 'gap' : cell ? 'yes' : 'no'}
                      data-gap={gap || undefined}
                    >
                      {cell ? '✓' : gap ? '✗' : '–'}
                      <span className="visually-hidden">
                        {cell ? t('available') : gap ? t('gap') : t('missing')}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 && <p>{t('noRows')}</p>}
      </div>
    </section>
  );
}
