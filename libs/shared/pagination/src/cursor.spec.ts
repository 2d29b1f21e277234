import { decodeCursor, encodeCursor, InvalidCursorError, toPage } from './cursor';

describe('cursor pagination', () => {
  const id = '2f1c6f2e-8a4b-4d8e-9a51-0c7f3b1d2e4f';

  it('round-trips a position', () => {
    const position = { createdAt: '2026-11-25T10:00:00.123Z', id };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it.each([
    '',
    'not-base64-json',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('["yesterday","x"]').toString('base64url'),
  ])('rejects %p', (cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(InvalidCursorError);
  });

  it('emits a next cursor only when more rows exist', () => {
    const rows = [0, 1, 2].map((n) => ({
      id: `${id.slice(0, -1)}${n}`,
      createdAt: new Date(Date.UTC(2026, 0, n + 1)),
    }));
    const full = toPage(rows, 2);
    expect(full.items).toHaveLength(2);
    expect(decodeCursor(full.nextCursor!)).toEqual({
      createdAt: '2026-01-02T00:00:00.000Z',
      id: rows[1].id,
    });
    expect(toPage(rows, 3).nextCursor).toBeNull();
  });
});
