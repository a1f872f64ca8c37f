import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiSecurity,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, Role, Roles, Scope } from 'src/common/auth/roles';
import { RequireScopes, ScopesGuard } from 'src/common/auth/scopes.guard';
import { ConsumptionStreamService } from './consumption-stream.service';
import {
  ConsumptionExportQuery,
  ConsumptionManifestDto,
  ConsumptionPageDto,
  ConsumptionPagesQuery,
} from './dto/consumption-export.dto';
import { ExportPullsPageDto, ListExportPullsQuery } from './dto/export-pull.dto';
import { ExportsService } from './exports.service';
import { ExportRateLimitGuard } from './rate-limit/export-rate-limit.guard';

const EXPORT_READERS = [Role.SettlementCentre, Role.Supervisor, Role.Auditor];

/**
 * Consumption exports for the settlement centre: API keys need exports:read (personal data also
 * pii:read); every route is rate-limited per client (429 RATE_LIMITED with Retry-After).
 */
@ApiTags('exports')
@ApiBearerAuth()
@ApiSecurity('api-key')
@ApiTooManyRequestsResponse({ description: 'RATE_LIMITED; Retry-After tells the seconds to wait.' })
@Controller('api/v1/exports/consumption')
@UseGuards(ScopesGuard, ExportRateLimitGuard)
@Roles(...EXPORT_READERS)
@RequireScopes(Scope.ExportsRead)
export class ExportsController {
  constructor(
    private readonly pages: ExportsService,
    private readonly files: ConsumptionStreamService,
  ) {}

  /**
   * The whole period as one file, streamed from a database cursor. Rows and SHA-256 come as HTTP
   * trailers (X-Export-Rows, X-Export-Sha256) and from the manifest endpoint.
   */
  @Get()
  @ApiProduces('text/csv', 'application/x-ndjson', 'application/xml')
  @ApiOkResponse({ schema: { type: 'string' }, description: 'The file (see docs/consumption-export.md).' })
  download(
    @Query() q: ConsumptionExportQuery,
    @CurrentPrincipal() p: Principal,
    @Res() res: Response,
  ): Promise<void> {
    return this.files.download(q, p, res);
  }

  /** Rows, bytes and SHA-256 of the file the same request to the download endpoint returns. */
  @Get('manifest')
  manifest(
    @Query() q: ConsumptionExportQuery,
    @CurrentPrincipal() p: Principal,
  ): Promise<ConsumptionManifestDto> {
    return this.files.manifest(q, p);
  }

  /** Keyset pages of the period, or (changedSince) only rows changed since the previous pull. */
  @Get('pages')
  @ApiOkResponse({ type: ConsumptionPageDto, description: 'A page; ETag header for If-None-Match.' })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'ETag of a page already held.' })
  @ApiNotModifiedResponse({ description: 'The page is unchanged (ETag matched).' })
  async page(
    @Query() q: ConsumptionPagesQuery,
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ConsumptionPageDto | undefined> {
    const r = await this.pages.page(q, p, req.header('if-none-match'));
    res.setHeader('ETag', r.etag);
    if (!r.notModified) return r.body;
    res.status(304);
    return undefined;
  }
}

/** The pull log: who pulled which period, how many rows, with which cursors. */
@ApiTags('exports')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/exports/pulls')
export class ExportPullsController {
  constructor(private readonly pages: ExportsService) {}

  @Get()
  @Roles(Role.Supervisor)
  list(@Query() q: ListExportPullsQuery): Promise<ExportPullsPageDto> {
    return this.pages.listPulls(q);
  }
}
