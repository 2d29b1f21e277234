/**
 * Prints a summary line of a hardening run to the terminal (not through Jest's console
 * capture, so it reads as one plain line in CI logs and in `npm run fuzz`).
 */
export function printSummary(line: string): void {
  process.stdout.write(`\n${line}\n`);
}
