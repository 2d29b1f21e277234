/** @jest-environment jsdom */
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { Schemas } from '@platform/api-types';
import { I18nProvider } from '../i18n';
import { filterRows, MatrixTable, NO_FILTERS } from './MatrixTable';

const cell = { terminals: [{ key: 'T1', terminalId: '17757531', type: 'ECOM' }], isDefault: false };
const summary = { availableOn: 1, of: 2, sentence: '' };
const matrix: Schemas['CapabilityMatrixDto'] = {
  franchiseId: 'f',
  columns: [
    { accountId: 'a1', label: 'Zürich', state: 'ready', terminals: [], compliance: null },
    {
      accountId: 'a2',
      label: 'Bern',
      state: 'non_compliant',
      terminals: [],
      compliance: {
        compliant: false,
        gaps: [
          { kind: 'payment_method', code: 'TWINT', message: 'No ECOM terminal offers TWINT.' },
        ],
        policyVersion: 1,
        snapshotVersion: 1,
        evaluatedAt: '2026-01-01T00:00:00.000Z',
      },
    },
  ],
  rows: [
    {
      key: 'payment_method:TWINT:CHF',
      kind: 'payment_method',
      code: 'TWINT',
      currency: 'CHF',
      label: 'TWINT in CHF',
      cells: [cell, null],
      summary,
      required: true,
    },
    {
      key: 'payment_method:VISA:EUR',
      kind: 'payment_method',
      code: 'VISA',
      currency: 'EUR',
      label: 'VISA in EUR',
      cells: [null, cell],
      summary,
      required: false,
    },
    {
      key: 'wallet:APPLEPAY',
      kind: 'wallet',
      code: 'APPLEPAY',
      label: 'Apple Pay',
      cells: [cell, cell],
      summary,
      required: false,
    },
  ],
  compliance: {
    policyVersion: 1,
    compliant: 1,
    of: 2,
    sentence: '1 of 2 accounts meet the franchise policy.',
  },
};

const renderMatrix = () =>
  render(
    <I18nProvider language="en">
      <MatrixTable matrix={matrix} />
    </I18nProvider>,
  );

describe('MatrixTable', () => {
  it('shows accounts as column headers with their state and gap count', () => {
    renderMatrix();
    const headers = screen.getAllByRole('columnheader').map((th) => th.textContent);
    expect(headers).toEqual([
      'Capability',
      'ZürichReady',
      'BernReady, but misses requirements1 gap(s)',
    ]);
  });

  it('highlights a required capability an account lacks as a gap, not a plain absence', () => {
    renderMatrix();
    const twint = screen.getByRole('row', { name: /TWINT in CHF/ });
    const cells = within(twint).getAllByRole('cell');
    expect(cells.map((c) => c.className)).toEqual(['yes', 'gap']);
    expect(cells[1]).toHaveProperty('textContent', '✗required but missing');
    const visa = within(screen.getByRole('row', { name: /VISA in EUR/ })).getAllByRole('cell');
    expect(visa.map((c) => c.className)).toEqual(['no', 'yes']);
  });

  it('filters by text, kind, currency and requirements', () => {
    renderMatrix();
    const rowNames = () =>
      screen.getAllByRole('rowheader').map((th) => th.textContent?.replace(/ ★.*/, ''));
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'wallet' } });
    expect(rowNames()).toEqual(['Apple Pay']);
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Currency'), { target: { value: 'EUR' } });
    expect(rowNames()).toEqual(['VISA in EUR']);
    fireEvent.change(screen.getByLabelText('Currency'), { target: { value: '' } });
    fireEvent.click(screen.getByLabelText('Only requirements'));
    expect(rowNames()).toEqual(['TWINT in CHF']);
    fireEvent.click(screen.getByLabelText('Only requirements'));
    fireEvent.change(screen.getByLabelText('Search capabilities'), { target: { value: 'apple' } });
    expect(rowNames()).toEqual(['Apple Pay']);
  });

  it('says so when nothing matches', () => {
    expect(filterRows(matrix.rows, { ...NO_FILTERS, text: 'nothing' })).toEqual([]);
    renderMatrix();
    fireEvent.change(screen.getByLabelText('Search capabilities'), { target: { value: 'zzz' } });
    expect(screen.getByText('Nothing matches the filters.')).toBeTruthy();
  });
});
