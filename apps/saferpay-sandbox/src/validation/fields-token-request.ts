import { checkSourceUrl } from './formats';
import { Validator } from './validator';

export interface FieldsTokenRequest {
  description: string;
  sourceUrls: string[];
}

/** SaferpayFieldsAccessToken CreateAccessToken: SourceUrls (https, mandatory), Description Utf8[1..128]. */
export function validateFieldsTokenRequest(body: unknown): FieldsTokenRequest {
  const v = new Validator();
  const root = v.object('Request', body, true) ?? {};
  const urls = v.array('SourceUrls', root.SourceUrls, true);
  const sourceUrls: string[] = [];
  if (urls !== undefined) {
    if (urls.length === 0) v.fail('SourceUrls', 'At least one URL is required.');
    let httpsReported = false;
    for (const entry of urls) {
      if (typeof entry !== 'string' || entry.length === 0) {
        v.fail('SourceUrls', 'Each URL must be a non-empty string.');
        continue;
      }
      switch (checkSourceUrl(entry)) {
        case 'not-https':
          if (!httpsReported) v.fail('SourceUrls', 'Only HTTPS is allowed.');
          httpsReported = true;
          break;
        case 'not-absolute':
          v.fail('SourceUrls', `'${entry}' is not a valid absolute URL.`);
          break;
        case undefined:
          sourceUrls.push(entry);
          break;
      }
    }
  }
  const description = v.string('Description', root.Description, {
    required: true,
    min: 1,
    max: 128,
  });
  v.throwIfFailed();
  return { description: description ?? '', sourceUrls };
}
