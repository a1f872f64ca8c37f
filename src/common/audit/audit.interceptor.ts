import {
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
  Logger,
  NestInterceptor,
} from '@nestjs/common';
import { Observable, catchError, from, mergeMap, of, throwError } from 'rxjs';
import { AuthedRequest } from '../auth/principal.decorator';
import { DomainError } from '../errors/domain-error';
import { pgErrorToDomain } from '../errors/pg-errors';
import { AuditEntry, AuditService } from './audit.service';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** What the audit interceptor offers the handler of a state-changing request (`req.audit`). */
export interface RequestAudit {
  /**
   * This request's success entry (outcome `ok`, the result's id) for the handler to write inside its
   * own transaction, committed with the change or rolled back with it. Once the handler has written
   * it (`written`), the interceptor writes no second one; the handler must answer with an error when
   * that transaction does not commit (the interceptor then records the refusal as usual).
   */
  successEntry(result: unknown): AuditEntry;
  /** Tells the interceptor that the success entry was committed by the handler's transaction. */
  written(): void;
}

export type AuditedRequest = AuthedRequest & { audit?: RequestAudit };

/**
 * Writes one audit record for every state-changing request, successful or refused: actor, time,
 * action (method and route), entity and id, and the reason when the body or `X-Reason` gives one.
 * Secrets (passwords, keys) are never copied into the record.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');
  constructor(private readonly audit: AuditService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<AuditedRequest>();
    if (!MUTATING.has(req.method)) return next.handle();
    let written = false;
    req.audit = {
      successEntry: (result) => this.entryOf(req, result, 'ok'),
      written: () => {
        written = true;
      },
    };
    return next.handle().pipe(
      mergeMap((result) => (written ? of(result) : from(this.write(req, result, 'ok').then(() => result)))),
      catchError((err: unknown) =>
        from(this.write(req, undefined, outcomeOf(err))).pipe(mergeMap(() => throwError(() => err))),
      ),
    );
  }

  private async write(req: AuthedRequest, result: unknown, outcome: string): Promise<void> {
    try {
      await this.audit.recordGrouped(this.entryOf(req, result, outcome));
    } catch (e) {
      // Failing the audit must be loud; the change itself already happened or was refused.
      this.logger.error({
        reqId: req.id,
        msg: `audit write failed: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
  }

  private entryOf(req: AuthedRequest, result: unknown, outcome: string): AuditEntry {
    const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
    const entity = route.replace(/^\/api\/v1\//, '').split('/')[0] || 'unknown';
    // A text body (a CSV import) is recorded by its size only; its field names are those of an object body.
    const raw: unknown = req.body;
    const body =
      raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const resultId =
      result && typeof result === 'object' && 'id' in result
        ? String((result as { id: unknown }).id)
        : undefined;
    const actor = req.principal ?? {
      kind: 'anonymous',
      id: null,
      name: typeof body.login === 'string' ? body.login : 'anonymous',
    };
    return {
      actor: actor as AuditActor,
      action: `${req.method} ${route}`,
      entity,
      entityId: resultId ?? (req.params?.id as string | undefined) ?? null,
      reason: (typeof body.reason === 'string' ? body.reason : req.header('x-reason')) ?? null,
      requestId: req.id ? String(req.id) : null,
      details: {
        outcome,
        params: req.params,
        fields: Object.keys(body).filter((k) => !SECRET.test(k)),
        ...(typeof raw === 'string' ? { bodyBytes: Buffer.byteLength(raw) } : {}),
      },
    };
  }
}

type AuditActor = { kind: 'user' | 'api_key' | 'bootstrap'; id: string; name: string };
const SECRET = /password|secret|key/i;

function outcomeOf(err: unknown): string {
  if (err instanceof DomainError) return err.code;
  const fromDb = pgErrorToDomain(err);
  if (fromDb) return fromDb.code;
  if (err instanceof HttpException) return `HTTP_${err.getStatus()}`;
  return 'error';
}
