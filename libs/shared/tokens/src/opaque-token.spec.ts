import { hashToken, issueToken, tokenHint, tokenKindOf } from './opaque-token';

describe('opaque tokens', () => {
  it('issues prefixed, unique tokens whose stored hash is not the token', () => {
    const a = issueToken('operatorKey');
    const b = issueToken('operatorKey');
    expect(a.token).toMatch(/^sap_op_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toEqual(b.token);
    expect(a.hash).toEqual(hashToken(a.token));
    expect(a.hash).not.toContain(a.token.slice(7));
    expect(a.hint.startsWith('sap_op_')).toBe(true);
    expect(a.hint.length).toBeLessThan(15);
  });

  it('recognises the kind by prefix and rejects malformed tokens', () => {
    expect(tokenKindOf(issueToken('shopToken').token)).toBe('shopToken');
    expect(tokenKindOf(issueToken('franchiseInvitation').token)).toBe('franchiseInvitation');
    expect(tokenKindOf('sap_op_short')).toBeUndefined();
    expect(tokenKindOf(`sap_xx_${'a'.repeat(43)}`)).toBeUndefined();
    expect(tokenHint('garbage')).toBe('…');
  });
});
