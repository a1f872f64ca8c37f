import { Module } from '@nestjs/common';
import { ReadingsModule } from '../readings/readings.module';
import { MetersController } from './meters.controller';
import { MetersRepository } from './meters.repository';
import { MetersService } from './meters.service';

/** Meters (приборы учёта); their readings go through ReadingsModule's service. */
@Module({
  imports: [ReadingsModule],
  controllers: [MetersController],
  providers: [MetersService, MetersRepository],
  exports: [MetersService],
})
export class MetersModule {}
