import { applyDecorators, Type } from '@nestjs/common';
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
