import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The API's contract, generated from the controllers; operation ids are the method names. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Saferpay Account Platform API')
    .setDescription(
      'Onboards Saferpay merchant accounts for integrators and their franchises. ' +
        'Every error is RFC 9457 application/problem+json; authenticate with `Authorization: Bearer <operator key>` ' +
        '(a shop token for the shop-capabilities routes).',
    )
    .setVersion('0.1.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'An operator key (sap_op_...), or a shop token (sap_shop_...) for its shop',
    })
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
}
