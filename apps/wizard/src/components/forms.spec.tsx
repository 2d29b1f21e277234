/** @jest-environment jsdom */
import type { ReactNode } from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { ApiError } from '../api';
import { I18nProvider } from '../i18n';
import { AccountForm } from './AccountForm';
import { ShopForm } from './ShopForm';
import type { AccountValues } from './validation';

const problem = (errors: { pointer: string; detail: string }[]) =>
  new ApiError({
    type: '/problems/validation-failed',
    title: 'Validation failed',
    status: 400,
    detail: 'The request is invalid.',
    errors,
    instance: '/x',
    requestId: 'r',
  });

const inEnglish = (ui: ReactNode) => render(<I18nProvider language="en">{ui}</I18nProvider>);
const type = (label: string | RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
const errorOf = (label: string | RegExp) => {
  const describedBy = screen.getByLabelText(label).getAttribute('aria-describedby') ?? '';
  return describedBy
    .split(' ')
    .map((id) => document.getElementById(id))
    .filter((el) => el?.className === 'error')
    .map((el) => el?.textContent)
    .join(' ');
};

describe('AccountForm', () => {
  it('validates as the user types, before anything is sent', () => {
    const onSubmit = jest.fn(() => Promise.resolve());
    inEnglish(<AccountForm onSubmit={onSubmit} />);
    type('Customer ID', '12a');
    expect(errorOf('Customer ID')).toBe('Only digits, please.');
    expect(screen.getByLabelText('Customer ID').getAttribute('aria-invalid')).toBe('true');
    type('Customer ID', '123456');
    expect(errorOf('Customer ID')).toBe('');
    type('JSON API user', 'someone');
    expect(errorOf('JSON API user')).toBe('JSON API users look like API_123456_12345678.');
    fireEvent.click(screen.getByRole('button', { name: 'Add account' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(errorOf('JSON API password')).toBe('Please fill this in.');
  });

  it("shows the API's field errors beside their fields", async () => {
    const onSubmit = jest.fn((_values: AccountValues) =>
      Promise.reject(
        problem([{ pointer: '/customerId', detail: 'is already registered in this tenant' }]),
      ),
    );
    inEnglish(<AccountForm onSubmit={onSubmit} />);
    type('Customer ID', '123456');
    type('Name of the account', 'Pizza Nord');
    type('JSON API user', 'API_123456_10592483');
    type('JSON API password', 'secret');
    fireEvent.click(screen.getByLabelText('Live'));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Add account' }));
      await Promise.resolve(); // lets the rejected submit settle inside act
    });
    expect(onSubmit).toHaveBeenCalledWith({
      customerId: '123456',
      environment: 'live',
      label: 'Pizza Nord',
      username: 'API_123456_10592483',
      password: 'secret',
    });
    expect(errorOf('Customer ID')).toBe('is already registered in this tenant');
    // Typing again clears the server's error for that field.
    type('Customer ID', '123457');
    expect(errorOf('Customer ID')).toBe('');
  });
});

describe('ShopForm', () => {
  const accounts = [{ accountId: 'a1', label: 'Zürich', terminalIds: ['17757531', '17757532'] }];

  it('checks each URL line as typed and sends the chosen account and terminal', async () => {
    const onSubmit = jest.fn(() => Promise.resolve());
    inEnglish(<ShopForm accounts={accounts} onSubmit={onSubmit} />);
    type('Shop name', 'Pizza Online');
    type(/Pages that embed/, 'https://a.example/\nhttp://b.example/');
    expect(errorOf(/Pages that embed/)).toBe('Line 2: must be an absolute https:// URL.');
    type(/Pages that embed/, 'https://a.example/\nhttps://b.example/');
    fireEvent.change(screen.getByLabelText('ECOM terminal'), { target: { value: '17757532' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create shop' }));
      await Promise.resolve(); // lets the rejected submit settle inside act
    });
    expect(onSubmit).toHaveBeenCalledWith({
      name: 'Pizza Online',
      accountId: 'a1',
      terminalId: '17757532',
      sourceUrls: ['https://a.example/', 'https://b.example/'],
    });
  });

  it("puts the API's /sourceUrls/N error on that line", async () => {
    const onSubmit = jest.fn(() =>
      Promise.reject(problem([{ pointer: '/sourceUrls/1', detail: 'must not contain user info' }])),
    );
    inEnglish(<ShopForm accounts={accounts} onSubmit={onSubmit} />);
    type('Shop name', 'Pizza Online');
    type(/Pages that embed/, 'https://a.example/\nhttps://u:p@b.example/');
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Create shop' }));
      await Promise.resolve(); // lets the rejected submit settle inside act
    });
    expect(errorOf(/Pages that embed/)).toBe('Line 2: must not contain user info');
  });
});
