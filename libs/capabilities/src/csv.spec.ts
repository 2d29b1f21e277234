import { csvField, matrixToCsv } from './csv';
import { reads, terminal } from './fixtures.test-helper';
import { matrix } from './matrix';
import { normalize } from './normalize';

describe('matrixToCsv', () => {
  const m = matrix([
    {
      accountId: 'acc-1',
      label: 'Pizza "Süd", Zürich',
      snapshot: normalize(
        reads([
          terminal('17654321', 'ECOM', ['VISA'], ['CHF']),
          terminal('17654322', 'SPG', ['VISA'], ['CHF']),
        ]),
      ),
    },
    {
      accountId: 'acc-2',
      label: '=HYPERLINK("x")',
      snapshot: normalize(reads([terminal('17650001', 'ECOM', ['TWINT'], ['CHF'])])),
    },
  ]);

  it('writes one line per capability and one column per account', () => {
    expect(matrixToCsv(m).split('\r\n')).toEqual([
      'Kind,Capability,Code,Currency,Available on,Of,"Pizza ""Süd"", Zürich (acc-1)","\'=HYPERLINK(""x"") (acc-2)"',
      'feature,PAYMENT_API,PAYMENT_API,,2,2,yes,yes',
      'payment_method,TWINT in CHF,TWINT,CHF,1,2,,ECOM:17650001',
      'payment_method,VISA in CHF,VISA,CHF,1,2,ECOM:17654321;SPG:17654322,',
      'payment_page_config,"Payment page config ""default""",default,,2,2,default,default',
      '',
    ]);
  });

  it("adds a compliance row when given the accounts' compliance", () => {
    const lines = matrixToCsv(m, {
      compliance: [
        { compliant: true, gaps: [] },
        { compliant: false, gaps: [{ message: 'No ECOM terminal offers VISA.' }] },
      ],
    }).split('\r\n');
    expect(lines[1]).toBe(
      'compliance,Meets the franchise policy,policy,,1,2,yes,no: No ECOM terminal offers VISA.',
    );
    expect(lines[2]).toBe('feature,PAYMENT_API,PAYMENT_API,,2,2,yes,yes');
  });

  it('can leave formulas unguarded', () => {
    expect(matrixToCsv(m, { guardFormulas: false }).split('\r\n')[0]).toContain(
      ',"=HYPERLINK(""x"") (acc-2)"',
    );
  });

  it('quotes per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('-1', false)).toBe('-1');
    expect(csvField('@sum')).toBe("'@sum");
  });
});
