import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { auditMutatingRoutes, AuditedRoutesCheck } from './common/audit/audited-routes';
import { AllExceptionsFilter } from './common/errors/http-exception.filter';
import { ApiPressurePublisher } from './common/priority/api-pressure.providers';
import { CoreModule } from './core.module';
import { AccountsModule } from './modules/accounts/accounts.module';
import { AuditLogModule } from './modules/audit-log/audit-log.module';
import { AuthModule } from './modules/auth/auth.module';
import { BillingRunsModule } from './modules/billing-runs/billing-runs.module';
import { BuildingsModule } from './modules/buildings/buildings.module';
import { ChargesModule } from './modules/charges/charges.module';
import { ExportsModule } from './modules/exports/exports.module';
import { HealthModule } from './modules/health/health.module';
import { LedgerModule } from './modules/ledger/ledger.module';
import { MetersModule } from './modules/meters/meters.module';
import { OrganisationsModule } from './modules/organisations/organisations.module';
import { PaymentsModule } from './modules/payments/payments.module';
import { PenaltiesModule } from './modules/penalties/penalties.module';
import { PremisesModule } from './modules/premises/premises.module';
import { ReadingsModule } from './modules/readings/readings.module';
import { RecalculationsModule } from './modules/recalculations/recalculations.module';
import { ReconciliationModule } from './modules/reconciliation/reconciliation.module';
import { TariffsModule } from './modules/tariffs/tariffs.module';
import { VolumeReconciliationModule } from './modules/volume-reconciliation/volume-reconciliation.module';
import { DocumentsModule } from './modules/documents/documents.module';
import { DebtCollectionModule } from './modules/debt-collection/debt-collection.module';
import { AppealsModule } from './modules/appeals/appeals.module';
import { ReportsModule } from './modules/reports/reports.module';

/** The API process: every feature module, no queue processors. */
@Module({
  imports: [
    CoreModule,
    // Express tries the routes one by one in the order the modules come here, so the three routes
    // taken most often (a balance read, a reading submission, a payment post) come first: behind
    // them they went past ~60, ~110 and ~115 routes' patterns on every request (issue 8).
    // test/e2e/route-order.e2e-spec.ts checks the order and that no route elsewhere shadows them.
    LedgerModule,
    ReadingsModule,
    PaymentsModule,
    AuthModule,
    AuditLogModule,
    HealthModule,
    OrganisationsModule,
    BuildingsModule,
    PremisesModule,
    AccountsModule,
    TariffsModule,
    MetersModule,
    BillingRunsModule,
    ChargesModule,
    ExportsModule,
    PenaltiesModule,
    RecalculationsModule,
    VolumeReconciliationModule,
    DocumentsModule,
    ReconciliationModule,
    DebtCollectionModule,
    AppealsModule,
    ReportsModule,
  ],
  providers: [
    ApiPressurePublisher,
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    // Startup fails when a state-changing route is not audited.
    AuditedRoutesCheck,
  ],
})
export class AppModule {}

// Every state-changing route runs inside the audit interceptor; reads run without any interceptor.
auditMutatingRoutes(AppModule);
