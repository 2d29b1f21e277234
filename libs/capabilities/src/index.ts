export * from './types';
export {
  ISO_4217_ACTIVE_CODES,
  WITHDRAWN_CURRENCY_SUCCESSORS,
  canonicalCurrency,
  isActiveCurrency,
} from './currencies';
export { normalize } from './normalize';
export { denormalize } from './denormalize';
export { canonicalJson, contentHash, shouldStoreNewVersion, snapshotContent } from './hash';
export { compareChanges, diff, invertDiff } from './diff';
export { describeChange, diffSummary } from './summary';
export { describeRow, matrix } from './matrix';
export { csvField, matrixToCsv, type CsvOptions } from './csv';
export { describeTerminalKey, splitTerminalKey } from './order';
export {
  EMPTY_POLICY,
  POLICY_TERMINAL_TYPES,
  evaluatePolicy,
  isRequiredRow,
  gapKey,
  normalizePolicy,
  validatePolicy,
  type CapabilityPolicy,
  type ComplianceResult,
  type PolicyGap,
  type PolicyGapKind,
  type PolicyInput,
  type PolicyProblem,
  type PolicyTerminalType,
  type RequiredPaymentMethod,
  type RequiredWallet,
} from './policy';
export {
  DRIFT_EVENT_TYPES,
  capabilityEvents,
  complianceEvents,
  credentialsRejectedEvent,
  type DriftEventDraft,
  type DriftEventType,
} from './drift-events';
