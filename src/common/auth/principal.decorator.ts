import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';
import { Principal } from './roles';

export type AuthedRequest = Request & { principal?: Principal; id?: unknown };

/** The authenticated caller, set by the global AuthGuard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  if (!req.principal) throw new Error('no principal on an authenticated route');
  return req.principal;
});
