import { Writable } from 'node:stream';
import { createRootLogger, httpLoggerOptions, redactUrl } from './logging';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createRootLogger({ LOG_LEVEL: 'info', LOG_PRETTY: false }, stream) };
}

describe('root logger', () => {
  it('writes JSON lines and redacts credentials wherever they appear', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer sap_op_SECRET1', cookie: 'sid=SECRET2' } },
        account: { password: 'SECRET3', username: 'api_123' },
        token: 'SECRET4',
        fields: { accessToken: 'SECRET5' },
      },
      'hello',
    );
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(line).toMatchObject({
      msg: 'hello',
      service: 'api',
      account: { username: 'api_123', password: '[redacted]' },
    });
    expect(lines[0]).not.toMatch(/SECRET\d/);
  });
});

describe('redactUrl', () => {
  it('hides the values of secret-looking query parameters and keeps the rest', () => {
    expect(redactUrl('/franchises?access_token=SECRET1&limit=5')).toBe(
      '/franchises?access_token=[redacted]&limit=5',
    );
    expect(redactUrl('/x?Password=SECRET2&apiKey=SECRET3&type=a&type=b&api%5Fkey=SECRET4')).toBe(
      '/x?Password=[redacted]&apiKey=[redacted]&type=a&type=b&api%5Fkey=[redacted]',
    );
    expect(redactUrl('/x?key=SECRET5&idempotencyKey=k1&flag')).toBe(
      '/x?key=[redacted]&idempotencyKey=k1&flag',
    );
    expect(redactUrl('/shops/1/capabilities')).toBe('/shops/1/capabilities');
    expect(redactUrl('/x?%E0%A4%A=1&token=SECRET6')).toBe('/x?%E0%A4%A=1&token=[redacted]');
  });

  it('is what the request log line carries', () => {
    const { lines, logger } = capture();
    const serializers = httpLoggerOptions(logger).serializers as {
      req: (req: { id: string; method: string; url: string }) => unknown;
    };
    logger.info({ req: serializers.req({ id: 'r1', method: 'GET', url: '/x?secret=SECRET7' }) });
    expect(lines[0]).toContain('/x?secret=[redacted]');
    expect(lines[0]).not.toContain('SECRET7');
  });
});
