import { validationFailed } from '../errors/saferpay-error';

/** Saferpay "Id" characters: A-Za-z0-9.:-_ */
export const ID_CHARACTERS = /^[A-Za-z0-9.:\-_]*$/;

export interface StringRule {
  required?: boolean;
  min?: number;
  max?: number;
  /** Restricts the characters (e.g. ID_CHARACTERS). */
  pattern?: RegExp;
  /** Detail when `pattern` fails; default names the Id alphabet. */
  patternMessage?: string;
}

function fieldName(path: string): string {
  const last = path.split('.').pop() ?? path;
  return last.replace(/\[\d+\]$/, '');
}

/**
 * Collects ErrorDetail lines in Saferpay's "<Path>: <message>" form (e.g.
 * "SourceUrls: Only HTTPS is allowed.") and throws one VALIDATION_FAILED at the end.
 */
export class Validator {
  readonly details: string[] = [];

  fail(path: string, message: string): void {
    this.details.push(`${path}: ${message}`);
  }

  required(path: string): void {
    this.fail(path, `The ${fieldName(path)} field is required.`);
  }

  get ok(): boolean {
    return this.details.length === 0;
  }

  throwIfFailed(): void {
    if (!this.ok) throw validationFailed(this.details);
  }

  object(path: string, value: unknown, required: boolean): Record<string, unknown> | undefined {
    if (value === undefined || value === null) {
      if (required) this.required(path);
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, `The field ${fieldName(path)} must be an object.`);
      return undefined;
    }
    return value as Record<string, unknown>;
  }

  array(path: string, value: unknown, required: boolean): unknown[] | undefined {
    if (value === undefined || value === null) {
      if (required) this.required(path);
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.fail(path, `The field ${fieldName(path)} must be an array.`);
      return undefined;
    }
    return value as unknown[];
  }

  string(path: string, value: unknown, rule: StringRule = {}): string | undefined {
    if (value === undefined || value === null) {
      if (rule.required) this.required(path);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.fail(path, `The field ${fieldName(path)} must be a string.`);
      return undefined;
    }
    const min = rule.min ?? (rule.required ? 1 : 0);
    if (value.length < min || (rule.max !== undefined && value.length > rule.max)) {
      this.fail(
        path,
        `The field ${fieldName(path)} must be a string with a minimum length of ${min}` +
          (rule.max === undefined ? '.' : ` and a maximum length of ${rule.max}.`),
      );
      return undefined;
    }
    if (rule.pattern && !rule.pattern.test(value)) {
      this.fail(
        path,
        rule.patternMessage ??
          `The field ${fieldName(path)} contains invalid characters (allowed: A-Z a-z 0-9 . : - _).`,
      );
      return undefined;
    }
    return value;
  }

  boolean(path: string, value: unknown): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.fail(path, `The field ${fieldName(path)} must be a boolean.`);
      return undefined;
    }
    return value;
  }

  integer(path: string, value: unknown, required = false): number | undefined {
    if (value === undefined || value === null) {
      if (required) this.required(path);
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.fail(path, `The field ${fieldName(path)} must be an integer.`);
      return undefined;
    }
    return value;
  }

  enumValue<T extends string>(
    path: string,
    value: unknown,
    allowed: readonly T[],
    required = false,
  ): T | undefined {
    if (value === undefined || value === null) {
      if (required) this.required(path);
      return undefined;
    }
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(
        path,
        `The value '${typeof value === 'string' ? value : JSON.stringify(value)}' is not valid for ${fieldName(path)}. Possible values: ${allowed.join(', ')}.`,
      );
      return undefined;
    }
    return value as T;
  }

  /** Amount-like strings: "Only Integer values will be accepted". */
  integerString(path: string, value: unknown, required: boolean, minimum = 0): string | undefined {
    const text = this.string(path, value, { required });
    if (text === undefined) return undefined;
    if (!/^[0-9]{1,15}$/.test(text) || Number(text) < minimum) {
      this.fail(
        path,
        minimum > 0
          ? `The field ${fieldName(path)} must be an integer amount in minor units greater than 0.`
          : `The field ${fieldName(path)} must be an integer in minor units.`,
      );
      return undefined;
    }
    return text;
  }
}
