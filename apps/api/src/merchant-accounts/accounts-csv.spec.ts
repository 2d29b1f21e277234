import { ProblemException } from '@api/common/problem/problem.exception';
import { parseAccountsCsv } from './accounts-csv';

const HEADER = 'customerId,environment,label,username,password';

function problemOf(body: string): ProblemException {
  try {
    parseAccountsCsv(body);
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('the CSV was accepted');
}

describe('parseAccountsCsv', () => {
  // csv-parse quotes the offending cell in its messages; the cell may be a password.
  it.each([
    [
      'a quote inside a password',
      `${HEADER}\n123456,test,A,API_1,Secr3t"pw\n`,
      'a quote inside an unquoted field on line 2',
    ],
    [
      'text after a closing quote',
      `${HEADER}\n123456,test,A,API_1,"Secr3t"pw\n`,
      'text right after a closing quote on line 2',
    ],
    [
      'an unclosed quote',
      `${HEADER}\n123456,test,A,API_1,"Secr3tpw\n`,
      'a quote that is never closed on line 2',
    ],
    [
      'an extra cell',
      `${HEADER}\n123456,test,A,API_1,Secr3tpw,x\n`,
      'a row whose cells do not match the header on line 2',
    ],
  ])('reports %s by line, never with the cell', (_case, body, reason) => {
    const problem = problemOf(body);
    expect(problem.detail).toBe(`The CSV could not be read: ${reason}.`);
    expect(JSON.stringify(problem.toProblem('/import', 'r1'))).not.toMatch(/Secr3t|pw/);
  });
});
