import type {
  Account,
  FieldsAccessToken,
  OfferStatus,
  SeedData,
  SpgOffer,
  StoredTransaction,
  TerminalConfig,
} from './model';

/** Effective status: an OPEN offer past its ExpirationDate is EXPIRED. */
export function offerStatusAt(offer: SpgOffer, now: Date): OfferStatus {
  if (offer.status === 'OPEN' && now.getTime() >= offer.expirationDate.getTime()) return 'EXPIRED';
  return offer.status;
}

/** The in-memory store: accounts, their transactions, Fields tokens and SPG offers. */
export class SandboxState {
  private accountsById = new Map<string, Account>();
  private customerByUsername = new Map<string, string>();
  private transactionsByCustomer = new Map<string, StoredTransaction[]>();
  private tokens = new Map<string, FieldsAccessToken>();
  private offers = new Map<string, SpgOffer>();
  /** Customers with a transaction report being computed right now. */
  readonly reportsInFlight = new Set<string>();

  constructor(seed: SeedData) {
    this.load(seed);
  }

  /** Replaces everything (accounts, transactions, tokens, offers). */
  load(seed: SeedData): void {
    this.accountsById = new Map();
    this.customerByUsername = new Map();
    this.transactionsByCustomer = new Map();
    this.tokens = new Map();
    this.offers = new Map();
    this.reportsInFlight.clear();
    for (const account of seed.accounts) this.addAccount(account);
    for (const transaction of seed.transactions) this.addTransaction(transaction);
  }

  // --- accounts -------------------------------------------------------------------------------

  accounts(): Account[] {
    return [...this.accountsById.values()];
  }

  account(customerId: string): Account | undefined {
    return this.accountsById.get(customerId);
  }

  accountByUsername(username: string): Account | undefined {
    const customerId = this.customerByUsername.get(username);
    return customerId === undefined ? undefined : this.accountsById.get(customerId);
  }

  addAccount(account: Account): void {
    if (this.accountsById.has(account.customerId)) {
      throw new Error(`customer ${account.customerId} already exists`);
    }
    if (this.customerByUsername.has(account.username)) {
      throw new Error(`JSON API user ${account.username} already exists`);
    }
    this.accountsById.set(account.customerId, account);
    this.customerByUsername.set(account.username, account.customerId);
    if (!this.transactionsByCustomer.has(account.customerId)) {
      this.transactionsByCustomer.set(account.customerId, []);
    }
  }

  removeAccount(customerId: string): boolean {
    const account = this.accountsById.get(customerId);
    if (!account) return false;
    this.accountsById.delete(customerId);
    this.customerByUsername.delete(account.username);
    this.transactionsByCustomer.delete(customerId);
    for (const [key, token] of this.tokens)
      if (token.customerId === customerId) this.tokens.delete(key);
    for (const [key, offer] of this.offers)
      if (offer.customerId === customerId) this.offers.delete(key);
    return true;
  }

  /** All terminal entries with this id (the reference shows one id with two types). */
  terminalEntries(customerId: string, terminalId: string): TerminalConfig[] {
    return this.account(customerId)?.terminals.filter((t) => t.terminalId === terminalId) ?? [];
  }

  // --- transactions ---------------------------------------------------------------------------

  transactions(customerId: string): readonly StoredTransaction[] {
    return this.transactionsByCustomer.get(customerId) ?? [];
  }

  addTransaction(transaction: StoredTransaction): void {
    const list = this.transactionsByCustomer.get(transaction.customerId);
    if (!list) throw new Error(`transaction for unknown customer ${transaction.customerId}`);
    list.push(transaction);
  }

  // --- Fields access tokens -------------------------------------------------------------------

  addToken(token: FieldsAccessToken): void {
    this.tokens.set(token.accessToken, token);
  }

  tokensOf(customerId: string, terminalId?: string): FieldsAccessToken[] {
    return [...this.tokens.values()].filter(
      (t) =>
        t.customerId === customerId && (terminalId === undefined || t.terminalId === terminalId),
    );
  }

  /** Deletes one token if it belongs to this customer and terminal. */
  deleteToken(customerId: string, terminalId: string, accessToken: string): boolean {
    const token = this.tokens.get(accessToken.toLowerCase());
    if (!token || token.customerId !== customerId || token.terminalId !== terminalId) return false;
    this.tokens.delete(token.accessToken);
    return true;
  }

  deleteTokens(customerId: string, terminalId: string): number {
    const doomed = this.tokensOf(customerId, terminalId);
    for (const token of doomed) this.tokens.delete(token.accessToken);
    return doomed.length;
  }

  // --- SecurePayGate offers -------------------------------------------------------------------

  addOffer(offer: SpgOffer): void {
    this.offers.set(offer.offerId, offer);
  }

  offer(offerId: string): SpgOffer | undefined {
    return this.offers.get(offerId.toLowerCase());
  }

  offersOf(customerId: string): SpgOffer[] {
    return [...this.offers.values()].filter((o) => o.customerId === customerId);
  }
}
