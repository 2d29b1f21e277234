/**
 * A small client for shops: reads the shop's capability document and keeps it cheap to
 * ask for on every checkout page (Cache-Control, ETag revalidation, Retry-After).
 */
export {
  createShopClient,
  ShopApiError,
  SUPPORTED_SCHEMA_VERSION,
  type CapabilityDocument,
  type ShopClient,
  type ShopClientOptions,
} from './shop-client';
