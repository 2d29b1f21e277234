/**
 * Types of the platform's HTTP API, generated from the committed OpenAPI
 * document (libs/api-types/openapi.json). For the wizard, shops and tests.
 */
export type { components, operations, paths } from './generated/api';
import type { components } from './generated/api';

export type Schemas = components['schemas'];
export type ProblemDetails = Schemas['ProblemDetailsDto'];
