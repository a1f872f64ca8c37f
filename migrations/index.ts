import { InitialSchema1764300000000 } from './1764300000000-initial-schema';
import { PenaltyRules1764400000000 } from './1764400000000-penalty-rules';
import { Payments1764400100000 } from './1764400100000-payments';
import { ChargeRules1764400200000 } from './1764400200000-charge-rules';
import { CommonProperty1764400300000 } from './1764400300000-common-property';
import { PreviewRuns1764400400000 } from './1764400400000-preview-runs';
import { Recalculations1764400500000 } from './1764400500000-recalculations';
import { Exports1764400600000 } from './1764400600000-exports';
import { HeatingAndHotWater1764400700000 } from './1764400700000-heating-and-hot-water';
import { PenaltyAccruals1764400800000 } from './1764400800000-penalty-accruals';
import { PaymentDocuments1764401000000 } from './1764401000000-payment-documents';
import { DebtCollection1764401200000 } from './1764401200000-debt-collection';
import { Appeals1764401300000 } from './1764401300000-appeals';
import { PenaltyChargePostings1764401400000 } from './1764401400000-penalty-charge-postings';
import { ExportRecalculations1764401400001 } from './1764401400001-export-recalculations';
import { ReadingImportJobs1764401400002 } from './1764401400002-reading-import-jobs';
import { RetroactiveJobs1764401500000 } from './1764401500000-retroactive-jobs';
import { ClosedPeriodStatementCheck1764409100000 } from './1764409100000-closed-period-statement-check';
import { ChargeLinesImpliedKeys1764500000000 } from './1764500000000-charge-lines-implied-keys';
import { ChargeLinesRunAccountKeys1764510000000 } from './1764510000000-charge-lines-run-account-keys';
import { BillingRunChunkTotals1764510000001 } from './1764510000001-billing-run-chunk-totals';
import { PenaltyAccrualsAccountKey1764520000000 } from './1764520000000-penalty-accruals-account-key';
import { DocumentRunChunksBuildings1764524100000 } from './1764524100000-document-run-chunks-buildings';
import { PenaltyRunChunkRanges1764530000000 } from './1764530000000-penalty-run-chunk-ranges';
import { PaymentDocumentPdfStorage1764533600000 } from './1764533600000-payment-document-pdf-storage';
import { PenaltyRunPreviousStart1764540000000 } from './1764540000000-penalty-run-previous-start';
import { PenaltyAccrualsNoAsOfIndex1764550000000 } from './1764550000000-penalty-accruals-no-as-of-index';
import { IdempotencyClaimFunction1764503000000 } from './1764503000000-idempotency-claim-function';
import { IdempotencyClaimLockingAccount1764504000000 } from './1764504000000-idempotency-claim-locking-account';

/** Every migration in order; imported explicitly so ts-jest and the compiled build load the same list. */
export const migrations = [
  InitialSchema1764300000000,
  PenaltyRules1764400000000,
  Payments1764400100000,
  ChargeRules1764400200000,
  CommonProperty1764400300000,
  PreviewRuns1764400400000,
  Recalculations1764400500000,
  Exports1764400600000,
  HeatingAndHotWater1764400700000,
  PenaltyAccruals1764400800000,
  PaymentDocuments1764401000000,
  DebtCollection1764401200000,
  Appeals1764401300000,
  PenaltyChargePostings1764401400000,
  ExportRecalculations1764401400001,
  ReadingImportJobs1764401400002,
  RetroactiveJobs1764401500000,
  ClosedPeriodStatementCheck1764409100000,
  ChargeLinesImpliedKeys1764500000000,
  IdempotencyClaimFunction1764503000000,
  IdempotencyClaimLockingAccount1764504000000,
  ChargeLinesRunAccountKeys1764510000000,
  BillingRunChunkTotals1764510000001,
  PenaltyAccrualsAccountKey1764520000000,
  DocumentRunChunksBuildings1764524100000,
  PenaltyRunChunkRanges1764530000000,
  PaymentDocumentPdfStorage1764533600000,
  PenaltyRunPreviousStart1764540000000,
  PenaltyAccrualsNoAsOfIndex1764550000000,
];
