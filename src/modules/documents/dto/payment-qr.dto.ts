import { IsString, Length } from 'class-validator';

export class ParsePaymentQrDto {
  /** The decoded text of a payment QR code (GOST R 56042-2014). */
  @IsString()
  @Length(8, 2000)
  payload!: string;
}

export class ParsedPaymentQrDto {
  /** Character set digit of the header: 1 windows-1251, 2 UTF-8, 3 KOI8-R. */
  charset!: string;
  /** The separator the payload uses. */
  separator!: string;
  /** Every field by its canonical name (names matched case-insensitively). */
  fields!: Record<string, string>;
  /** Payee name. */
  name!: string | null;
  /** Payee INN. */
  payeeInn!: string | null;
  /** The payer's account number (PersAcc). */
  persAcc!: string | null;
  /** Amount in roubles from Sum (kopecks), or null. */
  sum!: string | null;
  /** PaymPeriod as written. */
  paymPeriod!: string | null;
  /** The account whose number is PersAcc, or null: what payment matching needs. */
  accountId!: string | null;
}
