import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { READERS, Roles } from 'src/common/auth/roles';
import { NotFoundError } from 'src/common/errors/domain-error';
import { IdParam } from 'src/common/http/id-param';
import { reconcileVolumes } from './domain/volume-reconciliation.calc';
import { VolumeReconciliationDto, VolumeReconciliationQuery } from './dto/volume-reconciliation.dto';
import { VolumeReconciliationRepository } from './volume-reconciliation.repository';

@ApiTags('reports')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/buildings')
export class VolumeReconciliationController {
  constructor(private readonly repo: VolumeReconciliationRepository) {}

  /**
   * Volume reconciliation of a billed period: per common-property service, the common-building meter's
   * volume against the individual and common-property volumes billed (from the charge lines and their
   * basis), and what was measured but billed to no one.
   */
  @Roles(...READERS)
  @Get(':id/volume-reconciliation')
  async get(@Param() p: IdParam, @Query() q: VolumeReconciliationQuery): Promise<VolumeReconciliationDto> {
    if (!(await this.repo.buildingExists(p.id))) throw new NotFoundError('building', p.id);
    const facts = await this.repo.facts(p.id, q.period);
    return { buildingId: p.id, period: q.period, services: facts.map(reconcileVolumes) };
  }
}
