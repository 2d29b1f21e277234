import { Writable } from 'node:stream';
import { createRootLogger } from './logging';

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
