import {
  generateWebhookSecret,
  signWebhook,
  webhookSignatureHeader,
  WEBHOOK_SECRET_PREFIX,
} from './webhook-signature';

// The test vector of the Standard Webhooks specification (and its reference libraries).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('webhook signatures', () => {
  it('reproduces the Standard Webhooks test vector', () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(
      VECTOR.signature,
    );
  });

  it('changes with every signed part', () => {
    const { secret, id, timestamp, body, signature } = VECTOR;
    expect(signWebhook(secret, `${id}x`, timestamp, body)).not.toBe(signature);
    expect(signWebhook(secret, id, timestamp + 1, body)).not.toBe(signature);
    expect(signWebhook(secret, id, timestamp, `${body} `)).not.toBe(signature);
  });

  it('signs with every secret, space-separated, in order', () => {
    const other = generateWebhookSecret();
    const header = webhookSignatureHeader(
      [VECTOR.secret, other],
      VECTOR.id,
      VECTOR.timestamp,
      VECTOR.body,
    );
    expect(header.split(' ')).toEqual([
      VECTOR.signature,
      signWebhook(other, VECTOR.id, VECTOR.timestamp, VECTOR.body),
    ]);
  });

  it('generates whsec_ secrets of 32 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret.startsWith(WEBHOOK_SECRET_PREFIX)).toBe(true);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('refuses a secret without the whsec_ prefix', () => {
    expect(() => signWebhook('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'a', 1, '{}')).toThrow(/whsec_/);
  });
});
