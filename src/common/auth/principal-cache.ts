import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { Principal } from './roles';

interface Entry {
  principal: Principal;
  /** Epoch ms after which the entry is not used (the TTL, or the token's own expiry if sooner). */
  until: number;
}

/**
 * The principals of recent credentials (a JWT or an API key's hash), kept for a short time
 * (AUTH_PRINCIPAL_CACHE_MS, 0 = off) so a busy client does not cost a token verification and a
 * users/api_keys lookup on every request. Deactivating a user or revoking a key through this
 * process evicts its entries at once; a change made elsewhere (another API process, plain SQL) takes
 * effect within the TTL. Bounded: at most MAX_ENTRIES, the oldest dropped first.
 */
@Injectable()
export class PrincipalCache {
  static readonly MAX_ENTRIES = 10_000;
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.ttlMs = config.auth.principalCacheMs;
  }

  get(credential: string, now = Date.now()): Principal | undefined {
    const e = this.entries.get(credential);
    if (!e) return undefined;
    if (e.until <= now) {
      this.entries.delete(credential);
      return undefined;
    }
    return e.principal;
  }

  /** Keeps the principal of a credential; `expiresAt` (epoch ms) caps the entry's life. */
  set(credential: string, principal: Principal, expiresAt = Infinity, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= PrincipalCache.MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(credential, { principal, until: Math.min(now + this.ttlMs, expiresAt) });
  }

  /** Drops every entry of the user or API key (`kind` and id as in the principal). */
  evict(kind: Principal['kind'], id: string): void {
    for (const [k, e] of this.entries) {
      if (e.principal.kind === kind && e.principal.id === id) this.entries.delete(k);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
