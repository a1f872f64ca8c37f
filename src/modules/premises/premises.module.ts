import { Module } from '@nestjs/common';
import { BuildingsModule } from '../buildings/buildings.module';
import { PremisesController } from './premises.controller';
import { PremisesRepository } from './premises.repository';
import { PremisesService } from './premises.service';

@Module({
  imports: [BuildingsModule],
  controllers: [PremisesController],
  providers: [PremisesService, PremisesRepository],
  exports: [PremisesService],
})
export class PremisesModule {}
