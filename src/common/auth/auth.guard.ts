import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from 'src/config/configuration';
import { PrincipalCache } from './principal-cache';
import { AuthedRequest } from './principal.decorator';
import { safeEqualHex, sha256Hex } from './passwords';
import { Principal, PUBLIC_KEY, Role, ROLES_KEY } from './roles';

interface RouteAccess {
  public: boolean;
  allowed: Role[];
}

interface JwtClaims {
  sub: string;
  role: Role;
  name: string;
  exp?: number;
}

/**
 * Global guard: every route needs a staff JWT (`Authorization: Bearer …`) or an API key
 * (`X-API-Key`), then a role listed in its @Roles (admin always passes; no @Roles = admin only).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly bootstrapHash?: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly db: DataSource,
    private readonly cache: PrincipalCache,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const key = config.auth.bootstrapAdminApiKey;
    this.bootstrapHash = key ? sha256Hex(key) : undefined;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const route = this.routeOf(ctx);
    if (route.public) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const principal = await this.authenticate(req);
    if (!principal) {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'Valid credentials are required' });
    }
    req.principal = principal;
    if (principal.role !== Role.Admin && !route.allowed.includes(principal.role)) {
      throw new ForbiddenException({
        code: 'FORBIDDEN_ROLE',
        message: `Role ${principal.role} may not do this`,
      });
    }
    return true;
  }

  /**
   * @Public and @Roles of a handler (and its controller), read once per handler: metadata is fixed
   * once the classes are loaded, and every request would otherwise read it again.
   */
  private readonly routes = new WeakMap<object, WeakMap<object, RouteAccess>>();
  private routeOf(ctx: ExecutionContext): RouteAccess {
    // By class and handler: a controller that extends another shares its handlers, not its metadata.
    const cls = ctx.getClass();
    const handler = ctx.getHandler();
    let ofClass = this.routes.get(cls);
    if (!ofClass) {
      ofClass = new WeakMap();
      this.routes.set(cls, ofClass);
    }
    let route = ofClass.get(handler);
    if (!route) {
      const targets = [handler, cls];
      route = {
        public: this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true,
        allowed: this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [],
      };
      ofClass.set(handler, route);
    }
    return route;
  }

  private async authenticate(req: AuthedRequest): Promise<Principal | undefined> {
    const apiKey = req.header('x-api-key');
    if (apiKey) return this.once(`k:${apiKey}`, () => this.fromApiKey(apiKey));
    const auth = req.header('authorization');
    if (auth?.startsWith('Bearer ')) return this.once(`t:${auth}`, () => this.fromJwt(auth.slice(7)));
    return undefined;
  }

  /**
   * Concurrent requests with the same credential share one verification and lookup (under load a
   * burst of requests arriving when the cache entry has just ended would otherwise all repeat it).
   */
  private readonly inFlight = new Map<string, Promise<Principal | undefined>>();
  private once(key: string, work: () => Promise<Principal | undefined>): Promise<Principal | undefined> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const p = work().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  private async fromApiKey(key: string): Promise<Principal | undefined> {
    const hash = sha256Hex(key);
    if (this.bootstrapHash && safeEqualHex(hash, this.bootstrapHash)) {
      return { kind: 'bootstrap', id: 'bootstrap', name: 'bootstrap-admin', role: Role.Admin, scopes: [] };
    }
    const cached = this.cache.get(`k:${hash}`);
    if (cached) return cached;
    const rows: { id: string; name: string; role: Role; scopes: string[] }[] = await this.db.query(
      `SELECT id::text, name, role, scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    const row = rows[0];
    if (!row) return undefined;
    const principal: Principal = {
      kind: 'api_key',
      id: row.id,
      name: row.name,
      role: row.role,
      scopes: row.scopes,
    };
    this.cache.set(`k:${hash}`, principal);
    return principal;
  }

  private async fromJwt(token: string): Promise<Principal | undefined> {
    // A token seen within the cache TTL skips verification and the lookup; never past its own expiry.
    const cached = this.cache.get(`t:${token}`);
    if (cached) return cached;
    let claims: JwtClaims;
    try {
      claims = await this.jwt.verifyAsync<JwtClaims>(token);
    } catch {
      return undefined;
    }
    // A deactivated user or a changed role takes effect at once, not when the token expires (within
    // the principal cache's TTL when changed by another process or by plain SQL).
    const rows: { role: Role; full_name: string }[] = await this.db.query(
      `SELECT role, full_name FROM users WHERE id = $1 AND active`,
      [claims.sub],
    );
    const row = rows[0];
    if (!row) return undefined;
    const principal: Principal = {
      kind: 'user',
      id: claims.sub,
      name: row.full_name,
      role: row.role,
      scopes: [],
    };
    this.cache.set(`t:${token}`, principal, claims.exp ? claims.exp * 1000 : Infinity);
    return principal;
  }
}
