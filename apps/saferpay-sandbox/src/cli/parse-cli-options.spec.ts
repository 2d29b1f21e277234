import { CliError, parseCliOptions } from './parse-cli-options';

describe('parseCliOptions', () => {
  it('has defaults', () => {
    expect(parseCliOptions([], {})).toEqual({
      port: 8090,
      host: '127.0.0.1',
      accounts: 5,
      seed: 42,
      fixture: undefined,
      reportProcessingMs: 150,
      paymentLinkBaseUrl: undefined,
      logRequests: true,
      help: false,
    });
  });

  it('reads flags (also --flag=value) over environment variables', () => {
    const options = parseCliOptions(['--accounts', '50', '--seed=7', '--quiet'], {
      SANDBOX_ACCOUNTS: '3',
      SANDBOX_PORT: '9000',
      SANDBOX_FIXTURE: 'f.json',
    });
    expect(options).toMatchObject({
      accounts: 50,
      seed: 7,
      port: 9000,
      fixture: 'f.json',
      logRequests: false,
    });
  });

  it('rejects bad values and unknown flags', () => {
    expect(() => parseCliOptions(['--port', 'eighty'], {})).toThrow(CliError);
    expect(() => parseCliOptions(['--bogus'], {})).toThrow('unknown option --bogus');
    expect(() => parseCliOptions(['--seed'], {})).toThrow('--seed needs a value');
  });
});
