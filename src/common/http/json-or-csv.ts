import { applyDecorators, StreamableFile, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProduces, getSchemaPath } from '@nestjs/swagger';

/** OpenAPI for a report answered as JSON (the DTO) or, with `format=csv`, as a CSV file. */
export function ApiJsonOrCsv(dto: Type<unknown>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(dto),
    ApiProduces('application/json', 'text/csv'),
    ApiOkResponse({
      content: {
        'application/json': { schema: { $ref: getSchemaPath(dto) } },
        'text/csv': { schema: { type: 'string' } },
      },
    }),
  );
}

const FILE_FORMATS: Record<string, string> = {
  csv: 'text/csv',
  pdf: 'application/pdf',
};

/**
 * OpenAPI for a report answered as JSON (the DTO) or, with `format=csv|pdf`, as a file of that
 * type: e.g. `@ApiJsonOr(Dto, 'csv', 'pdf')`.
 */
export function ApiJsonOr(
  dto: Type<unknown>,
  ...formats: ('csv' | 'pdf')[]
): MethodDecorator & ClassDecorator {
  const types = formats.map((f) => FILE_FORMATS[f]);
  const content: Record<string, { schema: object }> = {
    'application/json': { schema: { $ref: getSchemaPath(dto) } },
  };
  for (const t of types)
    content[t] = { schema: t === 'text/csv' ? { type: 'string' } : { type: 'string', format: 'binary' } };
  return applyDecorators(
    ApiExtraModels(dto),
    ApiProduces('application/json', ...types),
    ApiOkResponse({ content }),
  );
}

/** A PDF answer for a controller: `return pdfFile(buffer, 'act-12.pdf')`. */
export function pdfFile(buffer: Buffer, name: string): StreamableFile {
  return new StreamableFile(buffer, {
    type: 'application/pdf',
    disposition: `attachment; filename="${name}"`,
    length: buffer.length,
  });
}
