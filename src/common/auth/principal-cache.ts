import cluster from 'node:cluster';
import { Inject, Injectable } from '@nestjs/common';
import { broadcastPrincipalEvict, isPrincipalEvict } from '../cluster/api-cluster';
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
 * process evicts its entries at once, in the other API processes of its cluster too (API_PROCESSES);
 * a change made elsewhere (another host, plain SQL) takes effect within the TTL. Bounded: at most MAX_ENTRIES, the oldest dropped first.
 */
@Injectable()
export class PrincipalCache {
  static readonly MAX_ENTRIES = 10_000;
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.ttlMs = config.auth.principalCacheMs;
    // One of API_PROCESSES: an eviction in another process of the cluster reaches this one too.
    if (cluster.isWorker) {
      process.on('message', (m: unknown) => {
        if (isPrincipalEvict(m))
          this.evictHere(m.principalEvict.kind as Principal['kind'], m.principalEvict.id);
      });
    }
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

  /** Drops every entry of the user or API key (`kind` and id as in the principal), in every API process. */
  evict(kind: Principal['kind'], id: string): void {
    this.evictHere(kind, id);
    broadcastPrincipalEvict(kind, id);
  }

  private evictHere(kind: Principal['kind'], id: string): void {
    for (const [k, e] of this.entries) {
      if (e.principal.kind === kind && e.principal.id === id) this.entries.delete(k);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
