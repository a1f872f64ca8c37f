import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Response } from 'express';
import { DomainError, FieldProblem } from './domain-error';
import { pgErrorToDomain } from './pg-errors';

const STATUS: Record<DomainError['kind'], number> = {
  bad_input: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  rule: HttpStatus.UNPROCESSABLE_ENTITY,
  forbidden: HttpStatus.FORBIDDEN,
};

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  fields?: FieldProblem[];
  details?: Record<string, unknown>;
}

/** One place that turns errors into answers: stable code, field list, never a stack trace. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      // The request id of the request's log line (request-log.ts), so the two can be matched.
      this.logger.error({
        reqId: http.getRequest<{ id?: unknown }>().id,
        msg: exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
      });
    }
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    const domain = exception instanceof DomainError ? exception : pgErrorToDomain(exception);
    if (domain) {
      return {
        statusCode: STATUS[domain.kind],
        code: domain.code,
        message: domain.message,
        ...(domain.fields ? { fields: domain.fields } : {}),
        ...(domain.details ? { details: domain.details } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const r =
        typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      return {
        statusCode: status,
        code: typeof r.code === 'string' ? r.code : httpCode(status),
        message: typeof r.message === 'string' ? r.message : exception.message,
        ...(Array.isArray(r.fields) ? { fields: r.fields as FieldProblem[] } : {}),
      };
    }
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal error' };
  }
}

function httpCode(status: number): string {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'TOO_MANY_REQUESTS';
    default:
      return `HTTP_${status}`;
  }
}
