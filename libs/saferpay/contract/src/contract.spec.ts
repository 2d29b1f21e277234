import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  CONTRACT_DOCUMENT_PATH,
  createContractValidator,
  type SaferpayOperationId,
  type SaferpaySpgOfferRequest,
} from './index';

interface ReferenceExample {
  id: string;
  operationId: SaferpayOperationId;
  kind: 'request' | 'response' | 'error';
  status: number | null;
  body: unknown;
}

const fixtures = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'fixtures', 'reference-examples.json'), 'utf8'),
) as { examples: ReferenceExample[] };
const examples = fixtures.examples;
const example = (id: string): ReferenceExample => {
  const found = examples.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`fixture ${id} missing`);
  return found;
};
const clone = <T>(value: T): T => structuredClone(value);

const contract = createContractValidator();

const OPERATION_IDS: SaferpayOperationId[] = [
  'getLicense',
  'getLicenseConfiguration',
  'getPaymentPageConfigurations',
  'getTerminals',
  'getTerminal',
  'getPaymentMethods',
  'createFieldsAccessToken',
  'deleteFieldsAccessTokens',
  'deleteFieldsAccessToken',
  'createSpgOffer',
  'getSpgOffer',
  'deleteSpgOffer',
  'getTransactions',
];

/**
 * Reference examples that contradict the reference's own container definitions. The contract
 * stays strict (the containers are the specification; examples are illustrations), and each
 * exception is pinned to its exact errors so a change in either direction is noticed.
 */
const KNOWN_SPEC_INCONSISTENCIES: Record<string, string[]> = {
  // RestApi_Models_Data_PaymentWithOptions marks Payment.Description mandatory (Utf8[1..100]);
  // the SecurePayGate Create example omits it.
  'createSpgOffer.request': ["/Payment must have required property 'Description'"],
};

function validateExample(entry: ReferenceExample) {
  return entry.kind === 'request'
    ? contract.validateRequestBody(entry.operationId, entry.body)
    : contract.validateResponse(entry.operationId, entry.status ?? 200, entry.body);
}

function validSpgOffer(): SaferpaySpgOfferRequest {
  const offer = clone(example('createSpgOffer.request').body) as SaferpaySpgOfferRequest;
  offer.Payment.Description = 'Invoice 2024-001';
  offer.ExpirationDate = '2030-04-23T00:00:00+02:00';
  return offer;
}

describe('Saferpay Management API document', () => {
  const document = parse(readFileSync(CONTRACT_DOCUMENT_PATH, 'utf8')) as {
    openapi: string;
    servers: { url: string }[];
    paths: Record<string, Record<string, unknown>>;
    components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
  };
  const operations = Object.entries(document.paths).flatMap(([pathKey, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'delete'].includes(method))
      .map(([method, operation]) => ({
        pathKey,
        method,
        pathParameters: (item.parameters ?? []) as { $ref: string }[],
        operation: operation as {
          operationId: string;
          deprecated?: boolean;
          responses: Record<string, { $ref?: string }>;
        },
      })),
  );

  it('is OpenAPI 3.1 with the test and live servers, paths relative to /api', () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.servers.map((server) => server.url)).toEqual([
      'https://test.saferpay.com/api',
      'https://www.saferpay.com/api',
    ]);
    for (const pathKey of Object.keys(document.paths)) {
      expect(pathKey).toMatch(/^\/rest\/customers\/\{customerId\}\//);
    }
    expect(document.components.securitySchemes.basicAuth).toMatchObject({
      type: 'http',
      scheme: 'basic',
    });
  });

  it('defines exactly the 13 operations, two of them deprecated', () => {
    expect(contract.operationIds().sort()).toEqual([...OPERATION_IDS].sort());
    const deprecated = operations
      .filter(({ operation }) => operation.deprecated === true)
      .map(({ operation }) => operation.operationId)
      .sort();
    expect(deprecated).toEqual(['getLicenseConfiguration', 'getPaymentMethods']);
  });

  it('puts both Saferpay headers on every operation and documents the error statuses', () => {
    for (const { pathParameters, operation } of operations) {
      const refs = pathParameters.map((parameter) => parameter.$ref);
      expect(refs).toEqual(
        expect.arrayContaining([
          '#/components/parameters/SaferpayApiVersion',
          '#/components/parameters/SaferpayRequestId',
        ]),
      );
      for (const status of ['400', '401', '402', '403', '500']) {
        expect(operation.responses[status]).toBeDefined();
      }
    }
  });

  it('has a component schema for every container of the reference', () => {
    const containers = [
      'Common_Models_Data_AmountWithZero',
      'Common_Models_Data_AmountWithoutZero',
      'Common_Models_Data_PaymentOptions',
      'Common_Models_Data_RequestBillingAddress',
      'Common_Models_Data_ResponseAddress',
      'Common_Models_Data_ResponseBillingAddress',
      'Common_Models_Data_SpgBillingAddressForm',
      'Common_Models_Data_SpgPayer',
      'RestApi_Models_Data_Order',
      'RestApi_Models_Data_OrderItem',
      'RestApi_Models_Data_PaymentWithOptions',
      'RestApi_Models_Data_PaymentWithoutOptions',
      'RestApi_Models_Data_RegisterAlias',
      'RestApi_Models_Feature',
      'RestApi_Models_LicensePackage',
      'RestApi_Models_PaymentMethodInfo',
      'RestApi_Models_PaymentPageConfigResult',
      'RestApi_Models_TerminalResult',
      'RestApi_Models_Transactions_AuthorizationDetails',
      'RestApi_Models_Transactions_FailedDetails',
      'RestApi_Models_Transactions_PendingDetails',
      'RestApi_Models_Transactions_Transaction',
      'RestApi_Models_WalletInfo',
    ];
    const schemas = (document.components as unknown as { schemas: Record<string, unknown> })
      .schemas;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining([...containers, 'ErrorResponse']));
  });

  it('has up-to-date generated types (tools/contracts/generate-saferpay.mjs --check)', () => {
    const root = path.join(__dirname, '..', '..', '..', '..');
    expect(() =>
      execFileSync(process.execPath, ['tools/contracts/generate-saferpay.mjs', '--check'], {
        cwd: root,
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });
});

describe('reference examples', () => {
  it('cover every JSON example of the reference: 13, one error', () => {
    expect(examples).toHaveLength(13);
    expect(examples.filter((entry) => entry.kind === 'error')).toHaveLength(1);
    expect(examples.filter((entry) => entry.kind === 'request').map((entry) => entry.id)).toEqual([
      'createFieldsAccessToken.request',
      'createSpgOffer.request',
    ]);
  });

  const consistent = examples.filter((entry) => !(entry.id in KNOWN_SPEC_INCONSISTENCIES));
  it.each(consistent.map((entry) => [entry.id, entry] as const))('%s validates', (_id, entry) => {
    expect(validateExample(entry)).toEqual({ valid: true, errors: [] });
  });

  it.each(Object.entries(KNOWN_SPEC_INCONSISTENCIES))(
    '%s is a known spec inconsistency and fails with exactly the documented errors',
    (id, expectedErrors) => {
      expect(validateExample(example(id))).toEqual({ valid: false, errors: expectedErrors });
    },
  );

  it('the error example is a valid 400 body of every operation', () => {
    for (const operationId of OPERATION_IDS) {
      expect(
        contract.validateResponse(operationId, 400, example('createFieldsAccessToken.error').body),
      ).toEqual({ valid: true, errors: [] });
    }
  });
});

describe('quirks the contract tolerates', () => {
  it('payment page configurations in both casings (the example uses name/isDefault)', () => {
    const body = example('getPaymentPageConfigurations.response').body as {
      Configurations: Record<string, unknown>[];
    };
    expect(body.Configurations[0]).toHaveProperty('name', 'default');
    expect(body.Configurations[0]).toHaveProperty('isDefault', true);
    const pascal = {
      Configurations: [{ Name: 'default', IsDefault: true, Description: 'Default' }],
    };
    expect(contract.validateResponse('getPaymentPageConfigurations', 200, pascal).valid).toBe(true);
    const wrongType = { Configurations: [{ isDefault: 'yes' }] };
    expect(contract.validateResponse('getPaymentPageConfigurations', 200, wrongType).valid).toBe(
      false,
    );
  });

  describe('GetTransactions amounts', () => {
    const page = () =>
      clone(example('getTransactions.response').body) as {
        PageNumber: number;
        Transactions: Record<string, unknown>[];
      };

    it('the example sends decimal strings with MerchantCurrency/PayerCurrency', () => {
      const transaction = page().Transactions[0];
      expect(transaction.MerchantAmount).toBe('5.00');
      expect(transaction.MerchantCurrency).toBe('EUR');
    });

    it('accepts the container shape (object in minor units)', () => {
      const body = page();
      const transaction = body.Transactions[0];
      transaction.MerchantAmount = { Value: '500', CurrencyCode: 'EUR' };
      delete transaction.MerchantCurrency;
      const details = transaction.AuthorizationDetails as Record<string, unknown>;
      details.CapturedMerchantAmount = { Value: '0', CurrencyCode: 'EUR' };
      details.PayerAmount = { Value: '500', CurrencyCode: 'EUR' };
      delete details.PayerCurrency;
      expect(contract.validateResponse('getTransactions', 200, body)).toEqual({
        valid: true,
        errors: [],
      });
    });

    it('requires MerchantCurrency with a string MerchantAmount and PayerCurrency with a string PayerAmount', () => {
      const withoutMerchantCurrency = page();
      delete withoutMerchantCurrency.Transactions[0].MerchantCurrency;
      expect(
        contract.validateResponse('getTransactions', 200, withoutMerchantCurrency).errors,
      ).toContain("/Transactions/0 must have required property 'MerchantCurrency'");
      const withoutPayerCurrency = page();
      delete (withoutPayerCurrency.Transactions[0].AuthorizationDetails as Record<string, unknown>)
        .PayerCurrency;
      expect(
        contract.validateResponse('getTransactions', 200, withoutPayerCurrency).errors,
      ).toContain(
        "/Transactions/0/AuthorizationDetails must have required property 'PayerCurrency'",
      );
    });

    it('rejects a non-numeric amount string and a zero AmountWithoutZero', () => {
      const letters = page();
      letters.Transactions[0].MerchantAmount = 'five';
      expect(contract.validateResponse('getTransactions', 200, letters).valid).toBe(false);
      const zero = page();
      zero.Transactions[0].MerchantAmount = { Value: '0', CurrencyCode: 'EUR' };
      expect(contract.validateResponse('getTransactions', 200, zero).valid).toBe(false);
    });

    it('documents the response PageNumber as 0- or 1-based, never negative', () => {
      for (const pageNumber of [0, 1, 7]) {
        const body = page();
        body.PageNumber = pageNumber;
        expect(contract.validateResponse('getTransactions', 200, body).valid).toBe(true);
      }
      const negative = page();
      negative.PageNumber = -1;
      expect(contract.validateResponse('getTransactions', 200, negative).valid).toBe(false);
    });
  });

  it('GetTerminals lists the same TerminalId twice with different types', () => {
    const body = example('getTerminals.response').body as {
      Terminals: { TerminalId: string; Type: string }[];
    };
    const twice = body.Terminals.filter((terminal) => terminal.TerminalId === '1000002');
    expect(twice.map((terminal) => terminal.Type)).toEqual(['MPO', 'SPG']);
    expect(contract.validateResponse('getTerminals', 200, body).valid).toBe(true);
  });

  it('responses tolerate fields Saferpay adds later; requests do not', () => {
    const license = { ...(example('getLicense.response').body as object), NewField: 1 };
    expect(contract.validateResponse('getLicense', 200, license).valid).toBe(true);
    const token = {
      ...(example('createFieldsAccessToken.request').body as object),
      Extra: true,
    };
    expect(contract.validateRequestBody('createFieldsAccessToken', token)).toEqual({
      valid: false,
      errors: ['(root) must NOT have additional properties (Extra)'],
    });
  });
});

describe('request bodies the contract rejects', () => {
  const fieldsRequest = () =>
    clone(example('createFieldsAccessToken.request').body) as {
      SourceUrls: string[];
      Description: string;
    };

  it('a valid SPG offer (the example plus Description and a future date) passes', () => {
    expect(contract.validateRequestBody('createSpgOffer', validSpgOffer())).toEqual({
      valid: true,
      errors: [],
    });
  });

  it('an http SourceUrl', () => {
    const body = fieldsRequest();
    body.SourceUrls = ['https://a.yourshop.com/', 'http://b.yourshop.com/'];
    expect(contract.validateRequestBody('createFieldsAccessToken', body).errors).toEqual([
      '/SourceUrls/1 must match pattern "^https://"',
    ]);
  });

  it('no SourceUrls at all', () => {
    const body = fieldsRequest();
    body.SourceUrls = [];
    expect(contract.validateRequestBody('createFieldsAccessToken', body).valid).toBe(false);
  });

  it('a Fields Description of 129 characters (128 is fine) or empty', () => {
    const body = fieldsRequest();
    body.Description = 'x'.repeat(128);
    expect(contract.validateRequestBody('createFieldsAccessToken', body).valid).toBe(true);
    body.Description = 'x'.repeat(129);
    expect(contract.validateRequestBody('createFieldsAccessToken', body).errors).toEqual([
      '/Description must NOT have more than 128 characters',
    ]);
    body.Description = '';
    expect(contract.validateRequestBody('createFieldsAccessToken', body).valid).toBe(false);
  });

  it('MaxPaymentAttempts outside 0, 1, 3, 5, 10', () => {
    for (const attempts of [0, 1, 3, 5, 10]) {
      const offer = { ...validSpgOffer(), MaxPaymentAttempts: attempts };
      expect(contract.validateRequestBody('createSpgOffer', offer).valid).toBe(true);
    }
    for (const attempts of [2, 4, 11, -1]) {
      const offer = { ...validSpgOffer(), MaxPaymentAttempts: attempts };
      expect(contract.validateRequestBody('createSpgOffer', offer).errors).toContain(
        '/MaxPaymentAttempts must be equal to one of the allowed values',
      );
    }
  });

  it('a missing mandatory Payer', () => {
    const offer: Partial<SaferpaySpgOfferRequest> = validSpgOffer();
    delete offer.Payer;
    expect(contract.validateRequestBody('createSpgOffer', offer).errors).toEqual([
      "(root) must have required property 'Payer'",
    ]);
  });

  it.each([
    ['2020-04-23'], // the guide's example: a bare date
    ['2020-04-23T00:00'],
    ['2020-04-23 00:00:00+02:00'],
    ['2020-04-23T00:00:00.000+02:00'],
    ['23.04.2020T00:00:00'],
  ])('ExpirationDate %s (not yyyy-MM-ddTHH:mm:ssK)', (expirationDate) => {
    const offer = { ...validSpgOffer(), ExpirationDate: expirationDate };
    expect(contract.validateRequestBody('createSpgOffer', offer).valid).toBe(false);
  });

  it.each([['2030-04-23T00:00:00+02:00'], ['2030-04-23T00:00:00Z'], ['2030-04-23T00:00:00']])(
    'ExpirationDate %s is yyyy-MM-ddTHH:mm:ssK',
    (expirationDate) => {
      const offer = { ...validSpgOffer(), ExpirationDate: expirationDate };
      expect(contract.validateRequestBody('createSpgOffer', offer).valid).toBe(true);
    },
  );

  it('BillingAddressForm.Display, removed in 1.26, as in the guide', () => {
    const offer = { ...validSpgOffer(), BillingAddressForm: { Display: true } };
    expect(contract.validateRequestBody('createSpgOffer', offer).valid).toBe(false);
  });

  it('a body for an operation without one, and no body for one that needs it', () => {
    expect(contract.validateRequestBody('getTerminals', {}).valid).toBe(false);
    expect(contract.validateRequestBody('getTerminals', undefined).valid).toBe(true);
    expect(contract.validateRequestBody('createFieldsAccessToken', undefined).valid).toBe(false);
  });
});

describe('request parameters', () => {
  const headers = { 'Saferpay-ApiVersion': '1.53', 'Saferpay-RequestId': 'abc-123.x:y_z' };
  const query = { StartDate: '2025-09-01T12:49', EndDate: '2025-09-09' };

  it('accepts the reference GetTransactions example', () => {
    expect(
      contract.validateRequestParameters('getTransactions', {
        path: { customerId: '123456' },
        header: headers,
        query: {
          ...query,
          PageSize: '1200',
          PageNumber: '1',
          TransactionState: 'SUCCESSFUL',
          TerminalId: '17654321',
        },
      }),
    ).toEqual({ valid: true, errors: [] });
  });

  it('limits PageSize to 2000 and PageNumber to >= 1', () => {
    const validate = (extra: Record<string, string>) =>
      contract.validateRequestParameters('getTransactions', {
        path: { customerId: '123456' },
        header: headers,
        query: { ...query, ...extra },
      });
    expect(validate({ PageSize: '2000' }).valid).toBe(true);
    expect(validate({ PageSize: '2001' }).errors).toEqual([
      'query parameter PageSize: must be <= 2000',
    ]);
    expect(validate({ PageNumber: '0' }).errors).toEqual([
      'query parameter PageNumber: must be >= 1',
    ]);
    expect(validate({ StartDate: '01.09.2025' }).valid).toBe(false);
    expect(validate({ Unknown: 'x' }).errors).toEqual([
      'query parameter Unknown is not defined for getTransactions',
    ]);
  });

  it('requires both Saferpay headers and the Id[1..50] request id format', () => {
    const validate = (header: Record<string, string>) =>
      contract.validateRequestParameters('getLicense', { path: { customerId: '1' }, header });
    expect(validate({ 'saferpay-apiversion': '1.53', 'saferpay-requestid': 'a' }).valid).toBe(true);
    expect(validate({ 'Saferpay-RequestId': 'a' }).errors).toEqual([
      'header parameter saferpay-apiversion is required',
    ]);
    expect(validate({ ...headers, 'Saferpay-RequestId': 'has space' }).valid).toBe(false);
    expect(validate({ ...headers, 'Saferpay-RequestId': 'x'.repeat(51) }).valid).toBe(false);
    expect(validate({ ...headers, 'Saferpay-RequestId': 'x'.repeat(50) }).valid).toBe(true);
  });
});

describe('responses by status and media type', () => {
  it('DELETEs answer 200 without a body', () => {
    expect(contract.validateResponse('deleteSpgOffer', 200, undefined).valid).toBe(true);
    expect(contract.validateResponse('deleteFieldsAccessToken', 200, '').valid).toBe(true);
    expect(contract.validateResponse('deleteFieldsAccessTokens', 200, { ok: true }).valid).toBe(
      false,
    );
  });

  it('403 and 5xx may come as HTML from the firewall or a proxy; 400 may not', () => {
    const html = '<html><body>Access denied</body></html>';
    expect(contract.validateResponse('getTerminals', 403, html, 'text/html').valid).toBe(true);
    expect(
      contract.validateResponse('getTerminals', 502, html, 'text/html; charset=utf-8').valid,
    ).toBe(true);
    expect(contract.validateResponse('getTerminals', 400, html, 'text/html').valid).toBe(false);
  });

  it('error bodies need ResponseHeader, Behavior, ErrorName and ErrorMessage', () => {
    const body = {
      ResponseHeader: { SpecVersion: '1.53', RequestId: 'r1' },
      Behavior: 'SOMETIMES',
      ErrorName: 'X',
    };
    expect(contract.validateResponse('getTerminal', 402, body).errors).toEqual([
      "(root) must have required property 'ErrorMessage'",
      '/Behavior must be equal to one of the allowed values',
    ]);
  });

  it('undocumented statuses are invalid; unknown operations throw', () => {
    expect(contract.validateResponse('getTerminals', 404, undefined).valid).toBe(false);
    expect(() => contract.validateResponse('nope' as SaferpayOperationId, 200, undefined)).toThrow(
      /Unknown Saferpay operationId/,
    );
  });

  it('validates single component schemas', () => {
    expect(
      contract.validateSchema('Common_Models_Data_AmountWithoutZero', {
        Value: '100',
        CurrencyCode: 'CHF',
      }).valid,
    ).toBe(true);
    expect(
      contract.validateSchema('Common_Models_Data_AmountWithoutZero', {
        Value: '1.00',
        CurrencyCode: 'CHF',
      }).valid,
    ).toBe(false);
  });
});
