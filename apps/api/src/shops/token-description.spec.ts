import { MAX_DESCRIPTION_LENGTH, tokenDescription } from './token-description';

const ID = '0b6c1e9e-5f1a-4a59-9a53-3f1f5a0e6c11';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('tokenDescription', () => {
  it('names the shop and its id', () => {
    expect(tokenDescription('Pizza Nord', ID)).toBe(`Fields: Pizza Nord (shop ${ID})`);
  });

  it('stays within 128 UTF-16 units (so code points) for long Japanese and emoji names, never splitting a pair', () => {
    for (const name of ['東京ピザ本店'.repeat(40), '🍕🍣'.repeat(100), `a${'🍕'.repeat(200)}`]) {
      const description = tokenDescription(name, ID);
      expect(description.length).toBeLessThanOrEqual(MAX_DESCRIPTION_LENGTH);
      expect([...description].length).toBeLessThanOrEqual(MAX_DESCRIPTION_LENGTH);
      expect(description.endsWith(`… (shop ${ID})`)).toBe(true);
      expect(description).not.toMatch(LONE_SURROGATE);
      expect(Buffer.from(description, 'utf8').toString('utf8')).toBe(description);
    }
  });

  it('replaces control characters', () => {
    expect(tokenDescription('A\nB\tC', ID)).toBe(`Fields: A B C (shop ${ID})`);
  });
});
